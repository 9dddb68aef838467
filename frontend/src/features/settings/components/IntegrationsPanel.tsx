/**
 * One card per third-party service the API can test (`settings.connections`), each with
 * a "Test connection" button: one cheap authenticated call, then the answer (ok with
 * the service's detail, e.g. "connected as …", or its error) and when it was asked.
 */
import { useState, type ComponentType } from 'react';
import { CircleCheck, CircleAlert, FlaskConical, HardDrive, Plug, ShoppingBag, Sparkles } from 'lucide-react';
import { Badge, Button, Card, RelativeTime } from '../../../components/ui';
import { describeError } from '../../../lib/http';
import type { ConnectionResult } from '../api';

interface ServiceInfo {
  name: string;
  description: string;
  icon: ComponentType<{ className?: string; 'aria-hidden'?: boolean | 'true' }>;
}

const SERVICES: Record<string, ServiceInfo> = {
  google_drive: { name: 'Google Drive', description: 'Where new paintings arrive (the Incoming folder) and where finished files are filed.', icon: HardDrive },
  replicate: { name: 'Replicate', description: 'Upscales each painting for print and writes its title, description and captions.', icon: Sparkles },
  shopify: { name: 'Shopify', description: 'The store: products, their sizes and prices, and listings going live.', icon: ShoppingBag },
};

/** What the page says about a service; an unknown one (a newer API) by its name. */
export function serviceInfo(id: string): ServiceInfo {
  if (Object.prototype.hasOwnProperty.call(SERVICES, id)) return SERVICES[id];
  const words = id.replace(/[_-]+/g, ' ').trim();
  return { name: words.charAt(0).toUpperCase() + words.slice(1), description: 'A service the pipeline connects to.', icon: Plug };
}

type TestState = { testing: boolean; at?: number; result?: ConnectionResult; error?: unknown };

export interface IntegrationsPanelProps {
  services: readonly string[];
  onTest: (service: string) => Promise<ConnectionResult>;
  /** The API runs with local stand-ins for the services (DEMO_MODE). */
  demoMode?: boolean;
}

export function IntegrationsPanel({ services, onTest, demoMode = false }: IntegrationsPanelProps) {
  const [states, setStates] = useState<Record<string, TestState>>({});
  const anyTesting = Object.values(states).some((s) => s.testing);

  const test = async (service: string) => {
    setStates((s) => ({ ...s, [service]: { ...s[service], testing: true } }));
    let next: TestState;
    try {
      next = { testing: false, at: Date.now(), result: await onTest(service) };
    } catch (error) {
      next = { testing: false, at: Date.now(), error };
    }
    setStates((s) => ({ ...s, [service]: next }));
  };

  if (services.length === 0) {
    return (
      <Card className="px-6 py-12 text-center">
        <p className="font-semibold text-fg">No services to test</p>
        <p className="mt-1 text-sm text-muted">This server doesn’t connect to Drive, Replicate or Shopify.</p>
      </Card>
    );
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="max-w-2xl text-sm text-muted">
          {demoMode
            ? 'Demo mode is on: these are local stand-ins for the real services, and nothing is sent anywhere.'
            : 'Each test makes one small signed-in call to the service, with the credentials the server is running with.'}
        </p>
        <Button variant="secondary" size="sm" disabled={anyTesting} onClick={() => void Promise.all(services.map(test))}>
          <FlaskConical aria-hidden="true" className="size-4" />
          Test all
        </Button>
      </div>
      <ul className="grid gap-4 lg:grid-cols-3">
        {services.map((id) => (
          <li key={id}>
            <ConnectionCard id={id} state={states[id]} onTest={() => void test(id)} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function ConnectionCard({ id, state, onTest }: { id: string; state: TestState | undefined; onTest: () => void }) {
  const info = serviceInfo(id);
  const Icon = info.icon;
  const headingId = `connection-${id}`;
  return (
    <Card className="flex h-full flex-col p-5" aria-labelledby={headingId} role="group">
      <div className="flex items-start gap-3">
        <div className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-accent-soft text-accent-soft-fg">
          <Icon aria-hidden="true" className="size-5" />
        </div>
        <div className="min-w-0">
          <h3 id={headingId} className="font-semibold text-fg">
            {info.name}
          </h3>
          <p className="mt-0.5 text-sm text-muted">{info.description}</p>
        </div>
      </div>

      <div role="status" aria-live="polite" className="mt-4 flex-1 text-sm">
        <ResultView state={state} />
      </div>

      <Button variant="secondary" className="mt-4 w-full sm:w-auto sm:self-start" loading={state?.testing} onClick={onTest}>
        Test connection
      </Button>
    </Card>
  );
}

function ResultView({ state }: { state: TestState | undefined }) {
  if (!state || (state.testing && state.at === undefined)) {
    return <p className="text-muted">{state?.testing ? 'Testing…' : 'Not tested yet.'}</p>;
  }
  const tested = (
    <p className="mt-1 text-xs text-muted">
      {state.testing ? 'Testing again…' : <>Tested <RelativeTime value={state.at} /></>}
    </p>
  );
  if (state.result?.ok) {
    return (
      <div className="rounded-xl bg-surface-2 px-3 py-2.5">
        <Badge tone="success">
          <CircleCheck aria-hidden="true" className="size-3.5" />
          Connected
        </Badge>
        {state.result.detail && <p className="mt-1.5 break-words text-fg">{capitalise(state.result.detail)}</p>}
        {tested}
      </div>
    );
  }
  const detail = state.result ? state.result.detail : describeError(state.error);
  return (
    <div className="rounded-xl bg-danger-soft px-3 py-2.5">
      <Badge tone="danger">
        <CircleAlert aria-hidden="true" className="size-3.5" />
        {state.result ? 'Couldn’t connect' : 'The test didn’t run'}
      </Badge>
      {detail && <p className="mt-1.5 break-words text-fg">{capitalise(detail)}</p>}
      {tested}
    </div>
  );
}

const capitalise = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);
