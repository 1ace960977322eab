import type { Context } from 'hono';
import { OpenAPIHono, z, type RouteConfig } from '@hono/zod-openapi';
import type { ApiEnv } from './context';

export type ApiApp = OpenAPIHono<ApiEnv>;
export type ApiContext = Context<ApiEnv>;
export { z };

/** `{error: "<sentence>"}`: every refusal of the API. */
export const ErrorBody = z.object({ error: z.string() }).openapi('Error');

/** A JSON response of the document. */
export const json = (schema: z.ZodType, description: string) => ({ content: { 'application/json': { schema } }, description });
export const error = (description: string) => json(ErrorBody, description);

/**
 * One endpoint: its OpenAPI definition (the document is generated from these) and its handler.
 * The request schemas of the definition are the ones the handler validates with (readJson and the
 * path/query parsers); validation stays in the handler so each failure keeps its sentence.
 */
export function define(app: ApiApp, config: RouteConfig, handler: (c: ApiContext) => Promise<Response> | Response): void {
  app.openAPIRegistry.registerPath(config);
  app.on(config.method.toUpperCase(), config.path.replace(/\{(\w+)\}/g, ':$1'), handler);
}
