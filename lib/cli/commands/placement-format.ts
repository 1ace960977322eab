// Sizes as people read them in the CLI output: the one formatter, shared with the dashboard.
export { formatBytes } from '@/lib/infra/format-bytes';
