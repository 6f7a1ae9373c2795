export * from './org.ts';
export * from './auth.ts';
export * from './messaging.ts';
export * from './visits.ts';
export * from './pending-photos.ts';
export * from './reports.ts';
export * from './official-account.ts';
export * from './rectification.ts';
