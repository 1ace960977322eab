// oidc-provider ships no types; harness/oidc-provider.ts types the little it uses.
declare module 'oidc-provider';
