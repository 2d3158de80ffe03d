/** Settings, spot.conf import, remote sources: connection tests and SSH host-key trust. */
import { z } from 'zod';
import { op } from '../api-base';
import type { Settings, SettingsError } from '../settings';

export interface HostKeyQuestion {
  host: string;
  port: number;
  keyType: string;
  /** SHA256:… as `ssh-keygen -lf` prints it */
  fingerprint: string;
  keyBase64: string;
}

export interface ConnectionTest {
  ok: boolean;
  message: string;
  /** Set when the ML node's host key is unknown: the UI shows the fingerprint and asks whether to trust it. */
  unknownHostKey?: HostKeyQuestion;
}

export type SettingsSaveResult = { ok: true; settings: Settings } | { ok: false; errors: SettingsError[] };

export const settingsOps = {
  'settings.get': op<Settings>()(z.object({}).strict()),
  'settings.save': op<SettingsSaveResult>()(z.object({ settings: z.unknown() }).strict()),
  /** Parses a spot.conf (its text: the renderer never reads files) into settings, without saving them. */
  'settings.importSpotConf': op<{ settings: Settings; messages: string[] }>()(
    z.object({ text: z.string().max(1_000_000), fileName: z.string().max(512).default('spot.conf') }).strict(),
  ),
  /** Tests the connection with `settings` when given (the values on screen, maybe unsaved), else the saved ones. */
  'settings.testConnection': op<ConnectionTest>()(
    z.object({ kind: z.enum(['ssh', 'hive']), settings: z.unknown().optional() }).strict(),
  ),
  'ssh.trustHostKey': op<{ trusted: true }>()(
    z
      .object({
        host: z.string().min(1).max(255),
        port: z.number().int().min(1).max(65535),
        keyBase64: z
          .string()
          .min(16)
          .max(16_384)
          .regex(/^[A-Za-z0-9+/=]+$/),
      })
      .strict(),
  ),
  /** Passwords typed by the analyst are kept in memory for this session only, never written. */
  'secrets.setPassword': op<{ stored: true }>()(
    z.object({ kind: z.enum(['ssh', 'hive']), password: z.string().min(1).max(1024) }).strict(),
  ),
} as const;
