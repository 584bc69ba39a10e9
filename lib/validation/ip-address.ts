/**
 * IP literal recognition (CEL `isIP`, OpenAPI formats ipv4/ipv6, V-01's "hostnames are not IPs").
 * Follows Go's netip.ParseAddr: dotted-quad IPv4 without leading zeros; IPv6 with at most one
 * `::`, optional trailing dotted IPv4; no zones, no brackets, no CIDR suffix.
 */
export function isIPv4(value: string): boolean {
  const parts = value.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIPv6(value: string): boolean {
  if (value.length < 2 || value.length > 45 || !value.includes(':')) return false;
  let groups = 8;
  let body = value;
  const lastColon = value.lastIndexOf(':');
  const tail = value.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false;
    groups = 6;
    body = value.slice(0, lastColon); // drop the colon before the IPv4 part
    if (body.endsWith(':')) body += ':'; // "...::1.2.3.4": restore the "::"
  }
  const doubles = body.split('::');
  if (doubles.length > 2) return false;
  const hex = /^[0-9a-fA-F]{1,4}$/;
  const countGroups = (s: string): number | undefined => {
    if (s === '') return 0;
    const parts = s.split(':');
    return parts.every((p) => hex.test(p)) ? parts.length : undefined;
  };
  if (doubles.length === 2) {
    const left = countGroups(doubles[0] ?? '');
    const right = countGroups(doubles[1] ?? '');
    if (left === undefined || right === undefined) return false;
    return left + right < groups;
  }
  const n = countGroups(body);
  return n === groups;
}

export function isIP(value: string): boolean {
  return isIPv4(value) || isIPv6(value);
}
