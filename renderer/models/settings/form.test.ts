import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/settings';
import { errorsByField, fieldText, fieldValue, getPath, setPath, SETTINGS_SECTIONS } from './form';

describe('settings form model', () => {
  it('reads and writes nested paths without touching the original', () => {
    const settings = { mlNode: { host: 'a', port: 22 } };
    const next = setPath(settings, 'mlNode.host', 'mlnode.example');
    expect(getPath(next, 'mlNode.host')).toBe('mlnode.example');
    expect(settings.mlNode.host).toBe('a');
    expect(getPath(setPath({}, 'database.tls.enabled', true), 'database.tls.enabled')).toBe(true);
    expect(getPath(settings, 'nope.deeper')).toBeUndefined();
  });

  it('turns field text into values, keeping bad numbers as text for validation to name', () => {
    expect(fieldValue('list', ' /a.csv \n\n/b.csv')).toEqual(['/a.csv', '/b.csv']);
    expect(fieldValue('nullable-text', '  ')).toBeNull();
    expect(fieldValue('number', '3000')).toBe(3000);
    expect(fieldValue('number', '3k')).toBe('3k');
    expect(fieldValue('nullable-number', '')).toBeNull();
    expect(fieldText('list', ['x', 'y'])).toBe('x\ny');
    expect(fieldText('nullable-text', null)).toBe('');
  });

  it('groups validation errors by the field that shows them', () => {
    const byField = errorsByField([
      { path: 'mlNode.port', message: 'mlNode.port must be between 1 and 65535' },
      { path: 'database.auth', message: 'database.auth.user is required' },
      { path: 'bogus', message: 'unknown key' },
    ]);
    // Under its field the message names the field as the screen does, not by its path in settings.json.
    expect(byField.get('mlNode.port')).toEqual(['Port must be between 1 and 65535']);
    expect(byField.get('database.auth.mode')).toEqual(['database.auth.user is required']);
    expect(byField.get('(settings)')).toEqual(['unknown key']);
  });

  it("puts a list entry's error on its list, beside the other entries' errors", () => {
    const byField = errorsByField([
      { path: 'detection.internalSubnets.0', message: 'a' },
      { path: 'detection.internalSubnets.3', message: 'b' },
      { path: 'localMl.userDomains.1', message: 'c' },
      { path: 'detection', message: 'unknown setting(s): networks' },
    ]);
    expect(byField.get('detection.internalSubnets')).toEqual(['a', 'b', 'unknown setting(s): networks']);
    expect(byField.get('localMl.userDomains')).toEqual(['c']);
  });

  it('shows the six detection lists, one entry per line, and reads them back', () => {
    const section = SETTINGS_SECTIONS.find((s) => s.title === 'Detection');
    expect(section?.fields.map((f) => [f.path, f.kind])).toEqual([
      ['detection.internalSubnets', 'list'],
      ['detection.infrastructureHosts', 'list'],
      ['detection.neverIncludedSubnets', 'list'],
      ['detection.neverIncludedDomains', 'list'],
      ['detection.alwaysIncludedSubnets', 'list'],
      ['detection.alwaysIncludedDomains', 'list'],
    ]);
    const defaults = defaultSettings();
    for (const field of section?.fields ?? []) {
      const value = getPath(defaults, field.path);
      expect(fieldValue(field.kind, fieldText(field.kind, value)), field.path).toEqual(value);
    }
    const text = fieldText('list', getPath(defaults, 'detection.internalSubnets'));
    expect(text.split('\n')).toContain('192.168.0.0/16');
    const edited = setPath(defaults, 'detection.infrastructureHosts', fieldValue('list', '10.0.0.1\n\n 10.0.0.53 \n'));
    expect(edited.detection.infrastructureHosts).toEqual(['10.0.0.1', '10.0.0.53']);
  });

  it('names every field once', () => {
    const paths = SETTINGS_SECTIONS.flatMap((s) => s.fields.map((f) => f.path));
    expect(new Set(paths).size).toBe(paths.length);
  });
});
