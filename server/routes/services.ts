import type { ChatService } from '../chat/chat-service.js';
import type { AttachmentsService } from '../services/attachments.js';
import type { ForkService } from '../services/fork.js';
import type { BackendInfo } from '../contract/index.js';
import type { McpSelectionService } from '../services/mcp-selection.js';
import type { McpServersService } from '../services/mcp-servers.js';
import type { CheckpointService } from '../services/checkpoints.js';
import type { FoldersService } from '../services/folders.js';
import type { PreferencesService } from '../services/preferences.js';
import type { ProjectsService } from '../services/projects.js';
import type { ReviewService } from '../services/review.js';
import type { SearchService } from '../services/search.js';
import type { ShipService } from '../services/ship.js';
import type { SessionReadsService } from '../services/session-reads.js';
import type { SessionsService } from '../services/sessions.js';
import type { WorktreeFiles } from '../services/worktree-files.js';
import type { WorktreesService } from '../services/worktrees.js';
import type { TerminalService } from '../terminals/terminal-service.js';
import type { WorktreeScripts } from '../terminals/worktree-scripts.js';

/** What the route modules call; each route module depends only on this. */
export interface Services {
  projects: ProjectsService;
  worktrees: WorktreesService;
  sessions: SessionsService;
  sessionReads: SessionReadsService;
  preferences: PreferencesService;
  chat: ChatService;
  backends: { list(): Promise<BackendInfo[]> };
  terminals: TerminalService;
  scripts: WorktreeScripts;
  review: ReviewService;
  ship: ShipService;
  mcp: { servers: McpServersService; selection: McpSelectionService };
  search: SearchService;
  worktreeFiles: WorktreeFiles;
  checkpoints: CheckpointService;
  folders: FoldersService;
  attachments: AttachmentsService;
  fork: ForkService;
}
