/**
 * The server's configuration, read-only: every variable in its group, with the value in
 * force as the API gives it (secrets arrive masked and stay so), "Default" for what the
 * environment doesn't set, and a filter by name or value (kept in the URL).
 */
import { useEffect, useState } from 'react';
import { Lock, Search, SearchX } from 'lucide-react';
import { Badge, Button, Card, CardBody, CardHeader, EmptyState, Input } from '../../../components/ui';
import type { ConfigVariable } from '../api';
import { filterConfiguration, groupConfiguration } from '../model/configGroups';

export interface ConfigurationPanelProps {
  variables: readonly ConfigVariable[];
  filter: string | undefined;
  /** The filter changed (after a pause in typing). */
  onFilterChange: (filter: string | undefined) => void;
}

export function ConfigurationPanel({ variables, filter, onFilterChange }: ConfigurationPanelProps) {
  const [text, setText] = useState(filter ?? '');
  useEffect(() => setText(filter ?? ''), [filter]);
  useEffect(() => {
    const next = text.trim() || undefined;
    if (next === filter) return;
    const id = setTimeout(() => onFilterChange(next), 250);
    return () => clearTimeout(id);
  }, [text, filter, onFilterChange]);

  // Filter as typed (the URL follows a moment later).
  const shown = filterConfiguration(variables, text);
  const groups = groupConfiguration(shown);
  const setCount = variables.filter((v) => v.set).length;

  return (
    <Card>
      <CardHeader
        title="Configuration"
        description="What the server was started with, read from its environment. To change a value, change the environment (or .env) and restart the server. Secrets are never shown."
      />
      <CardBody className="space-y-6">
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
          <label className="relative block sm:w-80">
            <span className="sr-only">Filter by name or value</span>
            <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3.5 size-4 -translate-y-1/2 text-muted" />
            <Input type="search" placeholder="Filter by name or value" value={text} onChange={(e) => setText(e.target.value)} className="pl-10" autoComplete="off" spellCheck={false} />
          </label>
          <p className="text-sm text-muted" aria-live="polite">
            {text.trim()
              ? `Showing ${shown.length} of ${variables.length} variables`
              : `${variables.length} variables · ${setCount} set in the environment, the rest are defaults`}
          </p>
        </div>

        {groups.length === 0 ? (
          <EmptyState
            icon={SearchX}
            title="No variable matches"
            className="py-10 sm:py-12"
            action={
              <Button variant="secondary" onClick={() => setText('')}>
                Clear filter
              </Button>
            }
          >
            Nothing has “{text.trim()}” in its name or value.
          </EmptyState>
        ) : (
          groups.map((g) => (
            <section key={g.id} aria-labelledby={`config-${g.id}`} data-group={g.id}>
              <h3 id={`config-${g.id}`} className="text-sm font-semibold text-fg">
                {g.title}
              </h3>
              <p className="mt-0.5 text-sm text-muted">{g.description}</p>
              <dl className="mt-3 divide-y divide-border overflow-hidden rounded-xl border border-border">
                {g.variables.map((v) => (
                  <VariableRow key={v.name} variable={v} />
                ))}
              </dl>
            </section>
          ))
        )}
      </CardBody>
    </Card>
  );
}

function VariableRow({ variable: v }: { variable: ConfigVariable }) {
  return (
    <div className="grid gap-1 px-4 py-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,3fr)] sm:gap-4" data-variable={v.name}>
      <dt className="min-w-0 font-mono text-[13px] font-medium break-all text-fg">{v.name}</dt>
      <dd className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
        {v.value === null ? (
          <span className="text-sm text-muted">Not set</span>
        ) : (
          <span className="min-w-0 font-mono text-[13px] break-all text-fg">{v.value}</span>
        )}
        {v.secret && v.value !== null && (
          <Badge tone="neutral" title="A secret: the server never sends it in clear">
            <Lock aria-hidden="true" className="size-3" />
            Secret
          </Badge>
        )}
        {!v.set && v.value !== null && (
          <Badge tone="muted" title="Not set in the environment: this is the built-in default">
            Default
          </Badge>
        )}
      </dd>
    </div>
  );
}
