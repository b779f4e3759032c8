import type { ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import type { PageSpec } from '../../pages';

/** A screen whose capability is not built yet: says what it will hold and what to do meanwhile. */
export function PlannedPage({ page }: { readonly page: PageSpec }): ReactNode {
  return (
    <EmptyState title={page.title} next={page.next} testId={`empty-${page.id}`}>
      <p>{page.holds}</p>
    </EmptyState>
  );
}
