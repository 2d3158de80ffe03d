import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXPORT_PREFS,
  EXPORT_GROUPS,
  exportRequest,
  loadExportPrefs,
  saveExportPrefs,
  selectionAfterReload,
  TLP_CHOICES,
} from './storyboard';
import { TLP_LEVELS } from '../../../shared/ops/investigation';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

describe('storyboard model', () => {
  it('remembers the TLP and the analyst name, and falls back on anything unreadable', () => {
    const storage = memoryStorage();
    expect(loadExportPrefs(storage)).toEqual(DEFAULT_EXPORT_PREFS);
    saveExportPrefs(storage, { tlp: 'RED', analyst: 'Ольга' });
    expect(loadExportPrefs(storage)).toEqual({ tlp: 'RED', analyst: 'Ольга' });
    expect(loadExportPrefs(memoryStorage({ 'spot-desk.export-prefs': '{"tlp":"PURPLE","analyst":7}' }))).toEqual(
      DEFAULT_EXPORT_PREFS,
    );
    expect(loadExportPrefs(memoryStorage({ 'spot-desk.export-prefs': '{not json' }))).toEqual(DEFAULT_EXPORT_PREFS);
    expect(loadExportPrefs(null)).toEqual(DEFAULT_EXPORT_PREFS);
  });

  it('builds the export request: a blank analyst is left to the core, an anchor only for one threat', () => {
    expect(exportRequest('flow', '2026-11-24', 'stix', { tlp: 'GREEN', analyst: '  ' })).toEqual({
      pipeline: 'flow',
      date: '2026-11-24',
      format: 'stix',
      tlp: 'GREEN',
    });
    expect(exportRequest('proxy', '2026-11-24', 'pdf', { tlp: 'AMBER', analyst: ' Ann ' }, 'evil.com/x')).toEqual({
      pipeline: 'proxy',
      date: '2026-11-24',
      format: 'pdf',
      tlp: 'AMBER',
      analyst: 'Ann',
      anchor: 'evil.com/x',
    });
  });

  it('sends the map’s home location with the export, so the report counts internal hosts where the map does', () => {
    const spain = { lat: 40.2, lon: -3.6, label: 'Spain' };
    expect(exportRequest('proxy', '2026-11-24', 'html', { tlp: 'AMBER', analyst: '' }, undefined, spain)).toEqual({
      pipeline: 'proxy',
      date: '2026-11-24',
      format: 'html',
      tlp: 'AMBER',
      home: spain,
    });
    expect(
      exportRequest('proxy', '2026-11-24', 'html', { tlp: 'AMBER', analyst: '' }, undefined, null),
    ).not.toHaveProperty('home');
  });

  it('offers every export format and every TLP level', () => {
    expect(EXPORT_GROUPS.flatMap((g) => g.choices.map((c) => c.format))).toEqual(['pdf', 'html', 'csv', 'stix']);
    expect(TLP_CHOICES.map((c) => c.tlp)).toEqual([...TLP_LEVELS]);
  });

  it('keeps the shown threat across a reload, else shows the first', () => {
    const e = (anchor: string) => ({ anchor, kind: 'ip' as const, title: anchor, text: '' });
    expect(selectionAfterReload([e('a'), e('b')], 'b')).toBe('b');
    expect(selectionAfterReload([e('a'), e('b')], 'gone')).toBe('a');
    expect(selectionAfterReload([], 'a')).toBeNull();
  });
});
