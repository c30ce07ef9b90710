const { task, src, dest } = require('gulp');

// tsc compiles only TypeScript: icons and codex files are copied next to the compiled code.
function copyAssets() {
	const icons = src('icons/*.svg', { encoding: false }).pipe(dest('dist/icons'));
	const codex = src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
	return Promise.all([icons, codex].map(finished));
}

function finished(stream) {
	return new Promise((resolve, reject) => stream.on('finish', resolve).on('error', reject));
}

task('build:icons', copyAssets);
