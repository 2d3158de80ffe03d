export { loadSettings, saveSettings, parseSettingsText, settingsPath, writeFileAtomic, SETTINGS_FILE } from './store';
export {
  importSpotConf,
  importSpotConfFile,
  parseSpotConf,
  type SpotConfEntry,
  type SpotConfImport,
} from './spot-conf';
export {
  testConnection,
  sshSettingsFrom,
  type ConnectionTestOptions,
  type ConnectionTestResult,
} from './test-connection';
export { networkSettingsFrom } from './network';
