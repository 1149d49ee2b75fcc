export * from './foundation';
export * from './membership';
export * from './aid';
export * from './congress';
export * from './booking';
export * from './notices';
export * from './identity';
export * from './platform';
