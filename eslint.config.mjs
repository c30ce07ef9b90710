import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'e2e/**', 'bench/**', 'test/**', 'simulator/**'] },
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [tseslint.configs.recommended],
		languageOptions: { parserOptions: { projectService: true } },
	},
	n8nCommunityNodesPlugin.configs.recommended,
);
