'use client';

import { useState } from 'react';
import type { ObjectLike } from '@/lib/api/k8s-types';
import { REFS } from '@/lib/api/resource-refs';
import { useK8sList } from '@/components/hooks/use-k8s-list';
import { Banner } from '@/components/ui/banner';
import { Select } from '@/components/ui/select';
import { TestRequestPanel } from './test-request-panel';

/** The simulator page's body: pick a Gateway (those the caller may list), then test requests on it. */
export function SimulatorView({ initialGateway = '', defaultHost, defaultPath }: { initialGateway?: string; defaultHost?: string; defaultPath?: string }) {
  const gateways = useK8sList<ObjectLike>(REFS.gateways);
  const options = gateways.items
    .map((g) => `${g.metadata.namespace ?? ''}/${g.metadata.name ?? ''}`)
    .sort()
    .map((key) => ({ value: key, label: key }));
  const [picked, setPicked] = useState(initialGateway);
  const selected = picked !== '' ? picked : (options[0]?.value ?? '');
  const [namespace, name] = selected.split('/') as [string, string | undefined];
  return (
    <div className="space-y-4">
      {gateways.error && <Banner tone="error" title="Could not list Gateways">{gateways.error.message}</Banner>}
      <div className="max-w-md">
        <Select
          label="Gateway"
          value={selected}
          onChange={setPicked}
          options={options}
          placeholder={options.length === 0 ? (gateways.isPending ? 'Loading Gateways…' : 'No Gateways you may read') : undefined}
        />
      </div>
      {name && <TestRequestPanel key={selected} gateway={{ namespace, name }} defaultHost={defaultHost} defaultPath={defaultPath} />}
    </div>
  );
}
