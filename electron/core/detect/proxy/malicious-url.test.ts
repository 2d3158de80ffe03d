import { describe, expect, it } from 'vitest';
import { detectOn } from '../testing';
import { maliciousUrl } from './malicious-url';

const req = (client: string, uri: string, extra: Record<string, string | number> = {}) => {
  const [host = '', ...rest] = uri.split('/');
  const [path = '', query = ''] = `/${rest.join('/')}`.split('?');
  return {
    ts: 1_700_000_000,
    client,
    host,
    method: 'GET',
    uri,
    path,
    query,
    useragent: 'Mozilla/5.0',
    ctype: 'text/html',
    respcode: 200,
    csbytes: 400,
    scbytes: 20_000,
    ...extra,
  };
};

/** Twenty clients browsing the same popular sites: the organisation's background. */
const background = Array.from({ length: 20 }, (_, i) => [
  req(`10.1.0.${i + 1}`, 'www.office.com/'),
  req(`10.1.0.${i + 1}`, 'www.example-news.com/today'),
]).flat();

describe('proxy/malicious_url', () => {
  it('fires on downloads and lures from rare hosts, stronger with more features', async () => {
    const findings = await detectOn([maliciousUrl], 'proxy', [
      ...background,
      req('10.1.0.1', '198.51.100.23/dl/flashplayer_update.exe', { ctype: 'application/x-msdownload' }),
      req('10.1.0.2', '203.0.113.9:8080/bins/mirai.x86'),
      req('10.1.0.3', 'files-share.top/docs/invoice_2024.pdf.exe'),
      req('10.1.0.4', 'paypal-account-verify.com/signin/webscr'),
      req('10.1.0.5', 'xn--pple-43d.com/login'),
      req('10.1.0.6', 'microsoft-login-365.web.app/'),
      req('10.1.0.7', 'paypa1-resolution.com/'),
      req('10.1.0.8', 'www.arnazon.com/ap/signin'),
    ]);
    const strength = (host: string) => findings.find((f) => f.keys.host === host)?.strength ?? 0;
    expect(strength('198.51.100.23')).toBeGreaterThanOrEqual(0.6);
    expect(strength('203.0.113.9:8080')).toBeGreaterThanOrEqual(0.5);
    expect(strength('files-share.top')).toBeGreaterThanOrEqual(0.6);
    expect(strength('paypal-account-verify.com')).toBeGreaterThanOrEqual(0.5);
    expect(strength('xn--pple-43d.com')).toBeGreaterThanOrEqual(0.35);
    expect(strength('microsoft-login-365.web.app')).toBeGreaterThanOrEqual(0.5);
    expect(strength('paypa1-resolution.com')).toBeGreaterThanOrEqual(0.45);
    expect(strength('www.arnazon.com')).toBeGreaterThanOrEqual(0.45);
    expect(findings.find((f) => f.keys.host === '198.51.100.23')).toMatchObject({
      keys: { clientip: '10.1.0.1', host: '198.51.100.23' },
      events: 1,
    });
    expect(findings.find((f) => f.keys.host === '198.51.100.23')!.evidence).toContain('IP-literal host');
  });

  it('keeps one weak feature below 0.4', async () => {
    const findings = await detectOn([maliciousUrl], 'proxy', [
      ...background,
      req('10.1.0.7', 'tools.smallvendor.com/setup.exe'),
      req('10.1.0.8', 'secure.smallbank.com/'),
      req('10.1.0.9', 'someone.github.io/project/'),
    ]);
    for (const f of findings) expect(f.strength).toBeLessThan(0.4);
  });

  it('does not fire on update services, CDNs, code-hosting releases, the brands’ own login pages or common hosts', async () => {
    const findings = await detectOn([maliciousUrl], 'proxy', [
      ...background,
      req(
        '10.1.0.1',
        'download.windowsupdate.com/c/msdownload/update/software/secu/2024/01/windows10.0-kb5034122-x64.cab',
      ),
      req('10.1.0.1', 'download.windowsupdate.com/d/msdownload/update/software/defu/2024/01/am_delta_patch_1.403.exe'),
      req('10.1.0.2', 'dl.google.com/release2/chrome/abc/120.0.6099.130_chrome_installer.exe'),
      req('10.1.0.3', 'swcdn.apple.com/content/downloads/12/34/042-12345/abc/InstallAssistant.pkg'),
      req('10.1.0.4', 'd1234abcd.cloudfront.net/assets/app-4f3c2a.js'),
      req('10.1.0.4', 'd1234abcd.cloudfront.net/installers/agent-setup.msi'),
      req('10.1.0.5', 'github.com/owner/repo/releases/download/v1.2.3/tool_1.2.3_windows_amd64.exe'),
      req(
        '10.1.0.5',
        'objects.githubusercontent.com/github-production-release-asset/123/abc?response-content-disposition=tool.exe',
      ),
      req('10.1.0.6', 'login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x&login_hint=a'),
      req('10.1.0.7', 'accounts.google.com/signin/v2/identifier?continue=https%3A%2F%2Fmail.google.com'),
      req('10.1.0.8', 'account.microsoft.com/account/manage-my-account'),
      req('10.1.0.9', 'www.paypal.com/signin'),
      req('10.1.0.10', 'appleid.apple.com/sign-in'),
      req('10.1.0.11', 'ep1.adtrafficquality.google/getconfig/sodar'),
      req('10.1.0.12', 'www.pineapple-recipes.com/login'),
      req('10.1.0.14', 'www.chaser-games.com/'),
      req('10.1.0.15', 's3.amazonaws.com/bucket/file.txt'),
      req('10.1.0.16', 'www.goodle-parts.com/'),
      req('10.1.0.13', '10.20.30.40:8080/app/login'),
      ...Array.from({ length: 20 }, (_, i) => req(`10.1.0.${i + 1}`, 'intranet-tools.example.com/agent/update.exe')),
    ]);
    expect(findings).toEqual([]);
  });

  it('reports every client and host of a campaign, not only the strongest 200', async () => {
    // A day of a phishing feed's visits holds ~900 such pairs (bench proxy-phish-2025-01-18); a cap of 200 left
    // 700 of them to LDA's order.
    const campaign = Array.from({ length: 450 }, (_, i) =>
      req(`10.2.${Math.floor(i / 200)}.${(i % 200) + 1}`, `files${i}.top/bins/bot.sh`),
    );
    const findings = await detectOn([maliciousUrl], 'proxy', [...background, ...campaign]);
    expect(new Set(findings.map((f) => f.keys.host)).size).toBe(450);
  });

  it('honours never-included domains', async () => {
    const findings = await detectOn(
      [maliciousUrl],
      'proxy',
      [
        ...background,
        req('10.1.0.1', '198.51.100.23/dl/update.exe'),
        req('10.1.0.2', 'files.partner.example/a.pdf.exe'),
      ],
      { neverIncludedDomains: ['partner.example'], neverIncludedSubnets: ['198.51.100.0/24'] },
    );
    expect(findings.map((f) => f.keys.host)).toEqual(['198.51.100.23']);
  });
});
