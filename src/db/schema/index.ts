export * from './org.ts';
export * from './auth.ts';
export * from './messaging.ts';
export * from './visits.ts';
export * from './pending-photos.ts';
export * from './meetings.ts';
export * from './jobs.ts';
export * from './login-throttle.ts';
