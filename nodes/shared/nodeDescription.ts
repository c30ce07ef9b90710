/**
 * What the nodes are for. n8n lists a node and its trigger as one entry and describes the
 * entry with the trigger's description: both say the same, so the entry reads right.
 */
export const NODES_DESCRIPTION =
	'Create, manage and download usage reports of Acronis Cyber Protect Cloud, and start workflows on new report files';

/** The action node as an AI tool, in n8n's list of tools. */
export const TOOL_DESCRIPTION =
	"Answer questions about Acronis Cyber Protect Cloud usage (tenants' live usage, usage over a period from usage reports) and manage usage reports";
