import type { ChatService } from '../chat/chat-service.js';
import type { BackendInfo } from '../contract/index.js';
import type { PreferencesService } from '../services/preferences.js';
import type { ProjectsService } from '../services/projects.js';
import type { ReviewService } from '../services/review.js';
import type { ShipService } from '../services/ship.js';
import type { SessionsService } from '../services/sessions.js';
import type { WorktreesService } from '../services/worktrees.js';

/** What the route modules call; each route module depends only on this. */
export interface Services {
  projects: ProjectsService;
  worktrees: WorktreesService;
  sessions: SessionsService;
  preferences: PreferencesService;
  chat: ChatService;
  backends: { list(): Promise<BackendInfo[]> };
  review: ReviewService;
  ship: ShipService;
}
