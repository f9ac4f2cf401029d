/** What is used of Electron's `app` for the single-instance lock. */
export interface LockingApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
}

/**
 * Make this the only Grove running over its app-data folder (Electron keys the lock on
 * `userData`). Returns false when another instance holds it; that instance is told through its
 * `second-instance` event and brings its window to the front, and this one should quit at once.
 */
export function claimSingleInstance(app: LockingApp, onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', onSecondLaunch);
  return true;
}
