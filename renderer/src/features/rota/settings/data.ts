/**
 * What the Rota settings pages read: the practice's rota configuration (sites and their
 * sessions, duties, coverage rules, settings, staff) from one short rota.range read, and
 * the working patterns. Each page reloads after a save, so versions (updatedAt) stay current
 * for the next optimistic-concurrency check.
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../api/client';
import type { RotaRange, WorkingPatternOut } from '../../../../../shared/contract/rota';
import { todayIso } from '../slice';

export interface RotaConfig {
  range: RotaRange;
  patterns: WorkingPatternOut[];
}

async function loadConfig(): Promise<RotaConfig> {
  const today = todayIso();
  const [range, patterns] = await Promise.all([api('rota.range', { from: today, to: today }), api('rota.patterns.list', {})]);
  return { range, patterns };
}

export function useRotaConfig(): { config: RotaConfig | null; error: string | null; reload: () => Promise<void> } {
  const [config, setConfig] = useState<RotaConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  const failed = (err: unknown) => setError(err instanceof Error ? err.message : String(err));
  const reload = useCallback(async () => {
    try {
      setConfig(await loadConfig());
      setError(null);
    } catch (err) {
      failed(err);
    }
  }, []);
  useEffect(() => {
    let current = true;
    loadConfig().then(
      (c) => current && setConfig(c),
      (err: unknown) => current && failed(err),
    );
    return () => {
      current = false;
    };
  }, []);
  return { config, error, reload };
}

/** A whole number typed into a field, or null when it is not one. */
export function wholeNumber(s: string): number | null {
  const t = s.trim();
  return /^\d{1,4}$/.test(t) ? Number(t) : null;
}

/** A number with an optional decimal part (e.g. 27.5 days), or null. */
export function decimalNumber(s: string): number | null {
  const t = s.trim();
  return /^\d{1,4}(\.\d{1,2})?$/.test(t) ? Number(t) : null;
}

/** What each Rota settings page gets. */
export interface SectionProps {
  config: RotaConfig;
  canEdit: boolean;
  /** Read the configuration again (after a save, or a conflict). */
  reload: () => Promise<void>;
}
