import { describe, expect, it } from 'vitest';
import { NAV_ITEMS, visibleNavItems } from '@/components/shell/nav-items';

describe('visibleNavItems', () => {
  it('shows an application developer no infrastructure or operations entries', () => {
    const hrefs = visibleNavItems(['applications']).map((i) => i.href);
    expect(hrefs).toContain('/apps');
    expect(hrefs).toContain('/topology');
    expect(hrefs).not.toContain('/operator');
    expect(hrefs).not.toContain('/infra');
  });
  it('shows everything to someone with every area', () => {
    expect(visibleNavItems(['infrastructure', 'operations', 'applications'])).toHaveLength(NAV_ITEMS.length);
  });
  it('every area entry is reachable from the top level', () => {
    for (const i of NAV_ITEMS) if (i.parent) expect(NAV_ITEMS.some((p) => p.href === i.parent)).toBe(true);
  });
});
