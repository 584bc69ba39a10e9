import { Badge, type Tone } from '@/components/ui/badge';

export interface ConditionLike {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/**
 * One condition as a badge: "Accepted", "Not accepted (NotAllowedByListeners)", "Accepted:
 * unknown". Positive-polarity conditions (Accepted, Programmed, ResolvedRefs, Ready...) are
 * green when True; Portico's warning conditions (RulesShadowed, HostnameConflict) read the
 * other way round, so callers say which polarity a type has.
 */
export function StatusBadge({ condition, negative, stale }: { condition: ConditionLike | undefined; negative?: boolean; stale?: boolean }) {
  if (!condition) return <Badge tone="neutral">Pending</Badge>;
  const { type, status, reason } = condition;
  const words = splitWords(type);
  let tone: Tone;
  let text: string;
  if (status === 'Unknown') {
    tone = 'neutral';
    text = `${words}: unknown`;
  } else if ((status === 'True') !== Boolean(negative)) {
    tone = 'success';
    text = negative ? `No ${words.toLowerCase()}` : words;
  } else {
    tone = negative ? 'warning' : 'danger';
    text = negative ? words : `Not ${words.toLowerCase()}`;
  }
  if (reason && tone !== 'success') text += ` (${reason})`;
  if (stale) text += ', outdated';
  return (
    <Badge tone={tone} title={condition.message}>
      {text}
    </Badge>
  );
}

/** "ResolvedRefs" -> "Resolved refs". */
export function splitWords(type: string): string {
  const spaced = type.replace(/^portico\.dev\//, '').replace(/([a-z])([A-Z])/g, '$1 $2');
  return spaced.charAt(0) + spaced.slice(1).toLowerCase();
}
