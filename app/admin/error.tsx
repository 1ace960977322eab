'use client';

import { Button } from '@/components/ui';

/** Unexpected failures while rendering an admin page (e.g. the database is away). */
export default function AdminError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-lg py-12 text-center" role="alert">
      <h1 className="text-2xl font-bold text-slate-900">Something went wrong</h1>
      <p className="mt-3 text-slate-700">
        This admin page could not be loaded; the database may be unreachable. Please try again in a moment.
      </p>
      <div className="mt-6">
        <Button type="button" variant="secondary" onClick={() => reset()}>
          Try again
        </Button>
      </div>
    </div>
  );
}
