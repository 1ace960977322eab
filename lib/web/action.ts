import { unstable_rethrow } from 'next/navigation';
import type { ZodType } from 'zod';
import { formStateFromIssues, type FormState } from '@/lib/web/form-state';
import { failure } from './failure';
import { localiseFormState } from './sentences';

// Every server action is built by formAction, so each runs the same steps in the same order
// (in the style of next-safe-action): read the form, check the session, validate with zod,
// then do the work. The tenant and the user come from the session step (the request's host and
// cookie), never from the form. A thrown error becomes a sentence through the one failure helper;
// every answer's sentences are said in the reader's language (./sentences.ts).

type Values = Record<string, string>;
type Issues = readonly { path: PropertyKey[]; message: string }[];

export interface FormActionDef<Ctx, In, S extends FormState> {
  /** Names the action in logs. */
  name: string;
  /** Pure: the submitted values to echo back (never passwords) and the raw input for the schema. */
  read: (form: FormData) => { values?: Values; input: unknown };
  /** FIRST: who may run it (redirects to login or 404s otherwise; a UserError is shown as a sentence). */
  session: (form: FormData) => Promise<Ctx>;
  /** SECOND: validation; on failure nothing runs and the form shows the sentences. */
  schema: ZodType<In>;
  /** How a validation failure reads (default formStateFromIssues). */
  invalid?: (issues: Issues, values: Values | undefined, form: FormData) => NoInfer<S>;
  /** lib field names → input names, for the field of a UserError. */
  fieldNames?: Record<string, string>;
  /** THIRD: the work. May redirect(); any other error becomes a sentence. */
  run: (ctx: Ctx, input: In, values: Values | undefined) => Promise<NoInfer<S>>;
}

export function formAction<Ctx, In, S extends FormState = FormState>(def: FormActionDef<Ctx, In, S>) {
  return async (_prev: S, form: FormData): Promise<S> => {
    const { values, input } = def.read(form);
    try {
      const ctx = await def.session(form);
      const parsed = def.schema.safeParse(input);
      if (!parsed.success)
        return localiseFormState(
          def.invalid ? def.invalid(parsed.error.issues, values, form) : (formStateFromIssues(parsed.error.issues, values) as S),
        );
      return await localiseFormState(await def.run(ctx, parsed.data, values));
    } catch (err) {
      unstable_rethrow(err); // redirect() and notFound() are thrown on purpose
      return localiseFormState(failure(err, values, def.name, def.fieldNames) as S);
    }
  };
}

/** Steps every action of a group shares: who may run it, how a validation failure reads, what runs after the work. */
export interface SharedSteps<Ctx> {
  session: (form: FormData) => Promise<Ctx>;
  invalid?: (issues: Issues, values: Values | undefined, form: FormData) => FormState;
  /** Runs after `run` returned (not when it threw or redirected), e.g. revalidatePath. */
  after?: () => void;
}

/**
 * formAction with shared steps fixed (`formAction.with({ session, invalid, after })`): the
 * action gives name, read, schema and run; its own session or invalid still win.
 */
formAction.with = function withSteps<Ctx>(shared: SharedSteps<Ctx>) {
  return <In, S extends FormState = FormState>(
    def: Omit<FormActionDef<Ctx, In, S>, 'session'> & Partial<Pick<FormActionDef<Ctx, In, S>, 'session'>>,
  ) =>
    formAction<Ctx, In, S>({
      ...def,
      session: def.session ?? shared.session,
      invalid: def.invalid ?? (shared.invalid as FormActionDef<Ctx, In, S>['invalid']),
      run: async (ctx, input, values) => {
        const state = await def.run(ctx, input, values);
        shared.after?.();
        return state;
      },
    });
};
