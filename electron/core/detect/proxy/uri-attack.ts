/**
 * Attack payloads in the URI: one finding per (client, family) for command injection, SQL injection, XSS, path
 * traversal / file inclusion, template and expression injection, JNDI (Log4Shell) lookups and CRLF header
 * injection. Signatures follow OWASP CRS v4 (rule ids cited per family) and PayloadsAllTheThings; each is one
 * regular expression in the subset RE2 (DuckDB, Impala) and JavaScript (cover.ts) share — no look-around, no
 * back-references — written over the lower-cased raw URI and matching the percent-encoded (once and twice),
 * %u-encoded and overlong UTF-8 spellings of the metacharacters, since a finding's pattern is re-tested on the raw
 * URI. Patterns need syntax around the words (a quote before `or 1=1`, a separator before a shell command, a tag
 * or a space before an event handler), so searches for the words, quotes, parentheses, `select` in words and
 * `..` in file names do not match.
 *
 * No npm rule set fits (checked: easy-waf's rules are JS middleware regexes with broad terms such as `upper(`,
 * `hex(`, `md5(`; libinjection has no maintained JS port): the signatures are documented here and tested.
 */
import { isWebSearch, literal, rowExcluded } from './background';
import { inlineTable } from '../dialect';
import type { Detector } from '../types';

// --- tokens: a metacharacter in its plain, percent-encoded, double-encoded, %u and overlong UTF-8 spellings ---
/** Whitespace or what SQL and shells accept in its place (+, tab, newline, inline comments). */
const WS = '(\\s|\\+|%20|%2520|%09|%0a|%0b|%0c|%0d|%a0|/\\*[^*]*\\*/|%2f\\*[^*]*\\*%2f)';
const Q = '(\'|"|%27|%22|%2527|%2522|%u0027|%u0022|%c0%a7|%ef%bc%87)';
const EQ = '(=|%3d|%253d)';
const LP = '(\\(|%28|%2528)';
const STAR = '(\\*|%2a|%252a)';
const LT = '(<|%3c|%253c|%u003c|\\\\u003c|\\\\x3c|&lt;|%26lt%3b|%c0%bc|%ef%bc%9c)';
const GT = '(>|%3e|%253e|%u003e|\\\\u003e|\\\\x3e|&gt;|%26gt%3b|%c0%be|%ef%bc%9e)';
const SLASH = '(/|%2f|%252f)';
const COLON = '(:|%3a|%253a)';
const DOLLAR = '(\\$|%24|%2524|%u0024)';
const LB = '(\\{|%7b|%257b|%u007b)';
const RB = '(\\}|%7d|%257d|%u007d)';
const DOT = '(\\.|%2e|%252e|%c0%ae|%e0%80%ae|%u002e|%uff0e)';
/** A path separator: / and \ and their encodings, including overlong UTF-8 (..%c0%af) and %u forms. */
const SEP = '(/|\\\\|%2f|%5c|%252f|%255c|%c0%af|%c1%9c|%c1%1c|%e0%80%af|%u2215|%u2216|%uff0f|%ef%bc%8f)';
/** An encoded path separator (one level of ../ is a finding only when encoded, or aimed at a known file). */
const ENC_SEP = '(%2f|%5c|%252f|%255c|%c0%af|%c1%9c|%c1%1c|%e0%80%af|%u2215|%u2216|%uff0f|%ef%bc%8f)';
const ENC_DOT = '(%2e|%252e|%c0%ae|%e0%80%ae|%u002e|%uff0e)';
/** A shell command separator or substitution: ; | || && newline $( ` and their encodings. */
const SHELL =
  '(;|%3b|%253b|%u003b|\\||%7c|%257c|%u007c|&&|%26%26|%26|%2526|\\$\\(|%24%28|%24\\(|\\$%28|`|%60|%2560|%0a|%250a|%0d)';
/** A raw or encoded line break. */
const NL = '(%0d|%0a|%250d|%250a|%e5%98%8a|%e5%98%8d|%u000a|%u000d|\\\\r|\\\\n)';
/** What may follow a bare command: end, space, another separator, a closing quote or parenthesis. */
const END = '($|\\s|\\+|%20|;|%3b|\\||%7c|&|%26|`|%60|\\)|%29|\'|%27|"|%22|%00|%0a)';

export interface AttackFamily {
  id: string;
  /** What an analyst reads. */
  label: string;
  /** The signatures, each RE2 and JavaScript compatible, over the lower-cased URI. */
  signatures: string[];
  /** Their alternation: the finding's uriPattern (cover.ts tests it case-insensitively). */
  pattern: string;
  /** Strength of one matching request; more requests add a little. */
  strength: number;
}

const family = (f: Omit<AttackFamily, 'pattern'>): AttackFamily => ({ ...f, pattern: f.signatures.join('|') });

export const ATTACK_FAMILIES: readonly AttackFamily[] = [
  family({
    // CRS 932100/932105/932110/932115 (Unix/Windows command injection), 932130 (shell expressions), 932160
    // (shell code); PayloadsAllTheThings "Command Injection".
    id: 'cmd_injection',
    label: 'OS command injection',
    strength: 0.92,
    signatures: [
      `${SHELL}${WS}*(id|whoami|uname|ifconfig|ipconfig|hostname|netstat|systeminfo|set|ls${WS}+-[a-z]+|net${WS}+(user|localgroup))${END}`,
      `${SHELL}${WS}*(cat|more|type|head|tail|nl|less)${WS}+(/|%2f|%252f|\\\\|%5c|%255c|\\.\\.|~|c:|\\$|%24)`,
      `${SHELL}${WS}*(ping|nslookup|dig)${WS}+(-[a-z]+${WS}+[0-9]*${WS}*)*[a-z0-9-]+(\\.|%2e)[a-z0-9]`,
      `${SHELL}${WS}*(nslookup|dig)${WS}+[a-z0-9]`,
      `${SHELL}${WS}*(sleep|timeout)${WS}+[0-9]+`,
      `${SHELL}${WS}*(echo|printf)${WS}+[a-z0-9'"%]`,
      `(wget|curl|tftp|lwp-download)${WS}+(-[a-z-]+${WS}+([^\\s+&]+${WS}+)?)*(https?|ftp)${COLON}${SLASH}${SLASH}`,
      `(\\||%7c|%257c)${WS}*(ba|z|da|k)?sh${END}`,
      `(^|[^a-z0-9_])(bash|sh)${WS}+-[ci]${WS}`,
      `(^|[^a-z0-9_])(nc|ncat|netcat|socat)${WS}+-[a-z]*[el]`,
      `(^|[^a-z0-9_])(python[23]?|perl|ruby|php)${WS}+-[cer]${WS}`,
      `powershell(\\.exe)?${WS}+-(e|enc|encodedcommand|nop|noprofile|w|windowstyle|c|command|exec)${WS}`,
      `cmd(\\.exe)?${WS}+/c${WS}`,
      `(^|[^a-z0-9_])(rm${WS}+-[rf]{1,2}${WS}|chmod${WS}+(\\+x|[0-7]{3})${WS})`,
      `/dev/(tcp|udp)/`,
      `${DOLLAR}(${LB}ifs${RB}|ifs(${WS}|\\$))`,
      `${LT}!(--|%2d%2d)(#|%23)(exec|include|echo|config|printenv)`,
    ],
  }),
  family({
    // CRS 942100 (libinjection), 942190 (MSSQL code execution / UNION), 942160/942170 (sleep/benchmark),
    // 942140 (DB names), 942130/942180 (tautologies), 942440 (comment sequences); PayloadsAllTheThings
    // "SQL Injection".
    id: 'sqli',
    label: 'SQL injection',
    strength: 0.9,
    signatures: [
      `union${WS}+((all|distinct)${WS}+)?${LP}?${WS}*select(${WS}+|${WS}*${LP}${WS}*)(null|[0-9]|0x|@@|char|concat|version|user|database|\\*|%2a|${Q}|[a-z_][a-z0-9_]*${WS}*(,|%2c|from))`,
      `union${WS}+((all|distinct)${WS}+)?select${WS}*(\\*|%2a)`,
      `(/|%2f)(\\*|%2a)!([0-9]{0,5})?${WS}*(union|select)`,
      `${Q}${WS}*(or|and|xor|\\|\\||&&|%7c%7c|%26%26)${WS}+${Q}?[0-9]+${Q}?${WS}*(${EQ}|<|>|%3c|%3e|like)${WS}*${Q}?[0-9]`,
      `${Q}${WS}*(or|and|xor)${WS}+${Q}[^'"&%]*${Q}${WS}*${EQ}${WS}*${Q}`,
      `${Q}${WS}*(or|and)${WS}+(true|false)(${WS}|--|%2d%2d|#|%23|$|&)`,
      `[0-9]${WS}+(or|and)${WS}+[0-2]${WS}*${EQ}${WS}*[0-2]${WS}*(--|%2d%2d|#|%23|$|&)`,
      `${Q}${WS}*(;|%3b)?${WS}*(--|%2d%2d|#|%23)(\\s|\\+|%20|$|&)`,
      `${Q}${WS}*\\)*${WS}*(or|and|;|%3b|\\|\\||%7c%7c)${WS}*(select|sleep|benchmark|pg_sleep|waitfor|updatexml|extractvalue|exists${WS}*${LP})`,
      `${WS}(or|and)${WS}+${Q}[^'"&%]{0,20}${Q}${WS}*${EQ}${WS}*${Q}`,
      `${WS}(or|and)${WS}+[0-9]+(${WS}*([-*+/]|%2b|%2d|%2a|%2f)${WS}*[0-9]+)+${WS}*${EQ}${WS}*[0-9]`,
      `${WS}(or|and)${WS}+${Q}[a-z0-9]{1,20}${EQ}${Q}`,
      `${LP}${WS}*select${WS}+([0-9]|null|count|concat|char|\\*|%2a|@@|[a-z_]+${WS}*(,|%2c|from))`,
      `convert${WS}*${LP}${WS}*(int|n?varchar|n?char)${WS}*(,|%2c)`,
      `cast${WS}*${LP}([^)]|%[0-9a-f][0-9a-f]){1,80}${WS}as${WS}+(n?varchar|n?char|int|signed|text)`,
      `(sleep|pg_sleep)${WS}*${LP}${WS}*[0-9]`,
      `benchmark${WS}*${LP}${WS}*[0-9]+${WS}*(,|%2c)`,
      `waitfor${WS}+(delay|time)${WS}*${Q}`,
      `(dbms_pipe|dbms_lock)${DOT}(receive_message|sleep)`,
      `information_schema${DOT}(tables|columns|schemata|routines)`,
      `(extractvalue|updatexml|load_file)${WS}*${LP}`,
      `into${WS}+(out|dump)file`,
      `(xp_cmdshell|sp_oacreate|sp_executesql|@@version|@@datadir|sysobjects|syscolumns|pg_shadow|sqlite_master|mysql${DOT}user)`,
      `(char|chr)${LP}[0-9]+(\\)|%29)${WS}*(\\+|%2b|\\|\\||%7c%7c|,|%2c)${WS}*(char|chr)${LP}`,
      `(;|%3b)${WS}*(drop${WS}+(table|database)|truncate${WS}+table|insert${WS}+into|delete${WS}+from|declare${WS}+@|exec(ute)?${WS}+(xp_|sp_|master)|shutdown${WS}*(--|%2d%2d|;|%3b|$))`,
      `order${WS}+by${WS}+[0-9]+${WS}*(--|%2d%2d|#|%23)`,
    ],
  }),
  family({
    // CRS 941100 (libinjection XSS), 941110 (script tag), 941120 (event handlers), 941130 (attribute vectors),
    // 941170 (javascript: URI), 941180 (node-validator blacklist); PayloadsAllTheThings "XSS Injection".
    id: 'xss',
    label: 'cross-site scripting',
    strength: 0.88,
    signatures: [
      `${LT}${WS}*(/|%2f)?${WS}*(script|iframe|frame|frameset|object|embed|applet|isindex|xss[a-z]*)(\\s|\\+|%20|/|%2f|\\\\|${GT}|%09|%0a|%0c|%0d)`,
      `(\\s|\\+|%20|/|%2f|"|%22|'|%27|%09|%0a|%0c|%0d)on(error|load|mouseover|mouseenter|mouseout|focus|focusin|blur|click|dblclick|toggle|pageshow|animationstart|animationend|transitionend|begin|start|finish|wheel|pointerover|pointerenter|keydown|keyup|keypress|input|change|submit|resize|scroll|hashchange|message|beforeunload|unload|readystatechange|auxclick|copy|paste|cut)${WS}*${EQ}`,
      `(javascript|vbscript|livescript)${WS}*${COLON}([^&]|%[0-9a-f][0-9a-f]){0,40}(alert|prompt|confirm|eval|document|window|fetch|atob|fromcharcode|location|import|top\\[|this\\.)`,
      `(javascript|vbscript)${WS}*${COLON}${WS}*([a-uw-z_$]|v[a-np-z])[a-z0-9_$.]*${WS}*(${LP}|\`|%60)`,
      `(alert|prompt|confirm)${WS}*(${LP}|\`|%60)${WS}*(${Q}|[0-9]|document|window|/|\`|%60|string|this|top)`,
      `(document|window)${DOT}(cookie|domain|location|write)`,
      `fromcharcode${WS}*${LP}`,
    ],
  }),
  family({
    // CRS 930100/930110 (path traversal, encoded), 930120 (OS file access), 930130 (restricted files), 920270
    // (null byte: truncates the extension a script appends),
    // 931 (remote/local file inclusion wrappers); PayloadsAllTheThings "Directory Traversal", "File Inclusion".
    id: 'path_traversal',
    label: 'path traversal / file inclusion',
    strength: 0.9,
    signatures: [
      `${DOT}${DOT}${SEP}(${DOT}${SEP})*${DOT}${DOT}${SEP}`,
      `(^|=|%3d|/|\\\\|%2f|%5c|\\?|&)${DOT}${DOT}${ENC_SEP}`,
      `${ENC_DOT}${ENC_DOT}${SEP}`,
      `${SEP}etc${SEP}(${DOT}${SEP})*(passwd|shadow|group|hosts|issue|motd|crontab|sudoers|hostname)`,
      `${SEP}proc${SEP}(self${SEP}(environ|cmdline|fd|maps|status)|version|cpuinfo)`,
      `%00|%2500|%u0000`,
      `(^|[^a-z0-9_])(boot|win|system)${DOT}ini`,
      `windows${SEP}(system32|win${DOT}ini|repair)`,
      `(^|[^a-z0-9_])c${COLON}${SEP}(windows|boot|inetpub|winnt)`,
      `web-inf${SEP}web${DOT}xml`,
      `(^|[^a-z0-9_])(php|phar|zip|expect|glob)${COLON}${SLASH}${SLASH}`,
      `file${COLON}${SLASH}${SLASH}${SLASH}?(etc|c${COLON}|windows|proc)`,
    ],
  }),
  family({
    // PayloadsAllTheThings "Server Side Template Injection" (Jinja2, Twig, Freemarker, Velocity, ERB, SpEL,
    // Thymeleaf), "Expression Language Injection" and Struts OGNL (CRS 933/934 and 944 for Java).
    id: 'template_injection',
    label: 'template / expression injection',
    strength: 0.88,
    signatures: [
      `${LB}${LB}${WS}*${Q}?[0-9]+${Q}?${WS}*${STAR}${WS}*${Q}?[0-9]+${Q}?${WS}*${RB}${RB}`,
      `(${DOLLAR}|#|%23|@|%40)${LB}${WS}*[0-9]+${WS}*${STAR}${WS}*[0-9]+${WS}*${RB}`,
      `${LT}(%|%25)${EQ}?${WS}*[0-9]+${WS}*${STAR}${WS}*[0-9]+`,
      `${LB}${LB}([^}]|%[0-9a-f][0-9a-f]){0,80}__(class|globals|builtins|subclasses|mro|import|init)__`,
      `${LB}${LB}([^}]|%[0-9a-f][0-9a-f]){0,80}(config${DOT}items|self${DOT}_|request${DOT}application|lipsum${DOT}|cycler${DOT}|joiner${DOT})`,
      `(${DOLLAR}|#|%23|\\*|%2a)${LB}([^}]|%[0-9a-f][0-9a-f]){0,80}(getruntime|processbuilder|${DOT}exec${WS}*${LP}|forname|getclass|t${LP}java)`,
      `(#|%23)_memberaccess`,
      `@java${DOT}lang${DOT}(runtime|processbuilder)`,
      `freemarker${DOT}template${DOT}utility${DOT}execute`,
      `${LT}#assign`,
    ],
  }),
  family({
    // CRS 933100-933210 (PHP injection: opening tags, high-risk functions, variable functions), 933150/933160,
    // ASP Response.Write probes; PayloadsAllTheThings "Server Side Include", "PHP" code injection.
    id: 'code_injection',
    label: 'server-side code injection (PHP/ASP)',
    strength: 0.88,
    signatures: [
      `${DOLLAR}${LB}(@|%40)?${WS}*(print|eval|system|phpinfo|passthru|exec|assert)${WS}*${LP}`,
      `(;|%3b|${Q})${WS}*(print|echo|die)${WS}*${LP}${WS}*(md5|sha1|int|[0-9]|${Q}|${DOLLAR})`,
      `phpinfo${WS}*${LP}${WS}*(\\)|%29)`,
      `(^|[^a-z0-9_])(system|passthru|shell_exec|popen|proc_open|pcntl_exec|assert|eval|create_function)${WS}*${LP}${WS}*(${Q}|${DOLLAR}|base64_decode|gzinflate|str_rot13|chr${LP}|\\$_)`,
      `${DOLLAR}_(get|post|request|cookie|server)(\\[|%5b)`,
      `${LT}(\\?|%3f)(php|=)`,
      `response${DOT}write${WS}*${LP}`,
    ],
  }),
  family({
    // CRS 931100 (RFI: URL with an IP address), 931110 (parameter names of known RFI-vulnerable PHP code) and the
    // idea of 931120 (a trailing `?`); PayloadsAllTheThings "File Inclusion" (remote). The including script appends
    // its own extension (`include($page . '.php')`), so the attacker ends the URL with `?` (or a null byte) to turn
    // that extension into a query: `http://evil/shell.txt?`, or, to pass a check for an image extension, `?.jpg`.
    // A parameter that is merely a URL is ordinary (redirects, shares), and so is one ending with `?` (analytics
    // send page URLs so, CRS 931120 fires on them), so only these shapes count: a script or text file on an
    // IP-literal host; a URL whose `?` or null byte is followed only by an extension; a URL given to a parameter
    // that only known-vulnerable code reads.
    id: 'rfi',
    label: 'remote file inclusion',
    strength: 0.85,
    signatures: [
      `(=|%3d)${WS}*(https?|ftps?)${COLON}${SLASH}${SLASH}[0-9]{1,3}(\\.[0-9]{1,3}){3}([:/]|%3a|%2f)([^&]|%[0-9a-f][0-9a-f]){0,200}\\.(txt|php|sh|pl|py|jpg|gif)(\\?|%3f|%00|$|&)`,
      `(=|%3d)${WS}*(https?|ftps?)${COLON}${SLASH}${SLASH}[^&]{1,200}(\\?|%3f|%253f)(%00|%2500)?\\.[a-z0-9]{2,8}(&|$)`,
      `(=|%3d)${WS}*(https?|ftps?)${COLON}${SLASH}${SLASH}[^&]{1,200}(%00|%2500)(&|$|\\.)`,
      `(mosconfig_absolute_path|_conf(\\[|%5b)path|_server(\\[|%5b)document_root|gallery_basedir|path(\\[|%5b)docroot|appserv_root|config(\\[|%5b)root_dir)(\\]|%5d)?${EQ}${WS}*(https?|ftps?|file)${COLON}${SLASH}${SLASH}`,
    ],
  }),
  family({
    // CRS 920220/920240 (URL-encoding abuse): letters and digits never need percent-encoding, so a run of them
    // encoded (once or twice) hides a payload from filters.
    id: 'encoding_evasion',
    label: 'needlessly percent-encoded letters (filter evasion)',
    strength: 0.85,
    signatures: [`(%(25)?(4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a]|3[0-9])){5,}`],
  }),
  family({
    // Log4Shell (CVE-2021-44228): CRS 944150/944151/944152; obfuscations from PayloadsAllTheThings "Log4Shell".
    id: 'jndi_injection',
    label: 'JNDI lookup (Log4Shell)',
    strength: 0.95,
    signatures: [
      `${DOLLAR}${LB}${WS}*(jndi${WS}*${COLON}|${DOLLAR}${LB}|(lower|upper|env|sys|java|date|base64|main|ctx|k8s|docker|spring|web|bundle|log4j|jvmrunargs|event|marker|sd)${WS}*${COLON}|${COLON}${COLON}-)`,
      `jndi${WS}*${COLON}${WS}*(ldaps?|rmi|dns|iiop|corba|nds|nis|http)`,
    ],
  }),
  family({
    // CRS 921120/921130 (HTTP response splitting), 921150/921160 (header injection via arguments);
    // PayloadsAllTheThings "CRLF Injection".
    id: 'crlf_injection',
    label: 'CRLF / header injection',
    strength: 0.85,
    signatures: [
      `${NL}+${WS}*(set-cookie|location|content-(type|length|disposition)|x-xss-protection|refresh)${WS}*${COLON}`,
      `${NL}+${WS}*(http/1|${LT}script)`,
      `${NL}+[a-z][a-z0-9_-]{0,30}${WS}*${COLON}`,
    ],
  }),
];

/**
 * A cheap test every signature needs to pass — a quote, angle bracket, backtick or backslash, a dangerous encoding,
 * a shell separator followed by a command, an opening `${`, `{{`, `..`, a function call by a dangerous name, a
 * dangerous path or keyword — so that the family patterns run only on the few URIs that pass it (regular
 * expressions cost about a microsecond per row each). The tests check every fixture passes it.
 */
const WS_ = '(\\s|\\+|%20|%2520|%09)';
const COMMAND_END = `(\\s|\\+|%20|;|%3b|\\||%7c|&|%26|\`|%60|\\)|%29|'|%27|"|%22|$|%00|%0a)`;
export const PREFILTER_PARTS = [
  `["'<>\`\\\\]`,
  '%(27|22|3c|3e|60|5c|00|0a|0d|c0|c1|e0%80|ef%bc|e5%98|u00|uff|u22)',
  '%25(27|22|3c|3e|24|60|7b|7d|5c|2e|00|0a|0d|28|29|26%25)',
  `(;|%3b|%253b|\\||%7c|%257c|%26|%2526|&&)${WS_}*((id|whoami|uname|ifconfig|ipconfig|hostname|netstat|systeminfo|set|ls|net|sh|bash|zsh|dash|ksh)${COMMAND_END}|print|die|select|(cat|more|type|head|tail|nl|less|ping|nslookup|dig|sleep|timeout|echo|printf|drop|truncate|insert|delete|declare|exec|execute|shutdown|wget|curl|waitfor)${WS_}|\\$|%24|\`|%60)`,
  '(\\$|%24)(\\(|%28|\\{|%7b|_|ifs)',
  '(\\{|%7b){2}',
  '(#|%23|@|%40|\\*|%2a)(\\{|%7b)',
  '@@|%40%40|@java|%40java',
  '%2e%2e|\\.\\.|\\.%2e|%2e\\.',
  '(=|%3d)(https?|ftps?)(:|%3a)(/|%2f){2}[0-9]',
  '(=|%3d)(https?|ftps?)(:|%3a)(/|%2f){2}[^&]*(\\?|%3f|%253f|%00|%2500)(%00|%2500)?\\.',
  '(=|%3d)(https?|ftps?)(:|%3a)(/|%2f){2}[^&]*(%00|%2500)(&|$)',
  'mosconfig|_conf(\\[|%5b)|document_root|gallery_basedir|docroot|appserv_root|root_dir',
  '(%(25)?(4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a]|3[0-9])){5}',
  `(sleep|benchmark|extractvalue|updatexml|load_file|char|chr|alert|prompt|confirm|fromcharcode|eval|system|passthru|shell_exec|popen|proc_open|assert|create_function|phpinfo|print|echo|die|write|convert|cast|exists|t|exec|concat|version|getruntime)${WS_}*(\\(|%28)`,
  `(\\(|%28)${WS_}*select`,
  '/\\*|%2f\\*',
  '(/|%2f|%252f)(etc|proc|dev)(/|%2f|%252f)|\\.ini|%2eini|web-inf|windows/|windows%2f|windows%5c|(^|[^a-z])c(:|%3a)(/|%2f|%5c)',
  '(php|phar|zip|expect|glob|file)(:|%3a)(/|%2f)',
  `(php|python[23]?|perl|ruby|nc|rm|bash|sh)${WS_}+-`,
  'union|information_schema|sysobjects|syscolumns|mysql|sqlite|pg_shadow|xp_cmdshell|sp_oacreate|sp_executesql|dbms_',
  `outfile|dumpfile|/c\\+|/c%20|${WS_}(or|and|xor)${WS_}|order${WS_}by`,
  'chmod|wget|curl|tftp|lwp-download|nslookup|powershell|netcat|(^|[^a-z])ncat|socat',
  'response\\.write|document\\.|window\\.|fromcharcode|jndi|java\\.lang|freemarker|_memberaccess',
  'javascript|vbscript|livescript|set-cookie',
];
export const PREFILTER = PREFILTER_PARTS.join('|');

const MAX_FINDINGS = 200;

export const uriAttack: Detector = {
  id: 'proxy/uri_attack',
  pipeline: 'proxy',
  name: 'uri_attack',
  description:
    'attack payloads in the URI (command, SQL, template and JNDI injection, XSS, path traversal, CRLF), per client and family',
  sql: ({ network }) => {
    const flags = ATTACK_FAMILIES.map((f, i) => `regexp_matches(u, ${literal(f.pattern)}) AS f${i}`).join(
      ',\n        ',
    );
    // Each URI is tested once per family; the families are then unpivoted by a join with their list.
    const families = inlineTable(
      ['i', 'family'],
      ATTACK_FAMILIES.map((f, i) => [i, literal(f.id)]),
    );
    const pick = `CASE f.i ${ATTACK_FAMILIES.map((_, i) => `WHEN ${i} THEN m.f${i}`).join(' ')} END`;
    return `
    WITH m AS (
      SELECT client, host, uri,
        ${flags}
      FROM (SELECT client, host, uri, lower(uri) AS u FROM events
            WHERE client IS NOT NULL AND regexp_matches(lower(uri), ${literal(PREFILTER)}) AND NOT ${rowExcluded(network)}
              AND NOT ${isWebSearch('host', 'path')}) e
    )
    SELECT m.client, f.family, count(*) AS requests, count(DISTINCT m.host) AS hosts, min(m.uri) AS example
    FROM m CROSS JOIN ${families} f
    WHERE ${pick}
    GROUP BY m.client, f.family
    ORDER BY requests DESC, m.client, f.family LIMIT ${MAX_FINDINGS}`;
  },
  toFinding: (row) => {
    const fam = ATTACK_FAMILIES.find((f) => f.id === row.family) ?? ATTACK_FAMILIES[0]!;
    const requests = Number(row.requests);
    const hosts = Number(row.hosts);
    const example = String(row.example);
    return {
      // One request is already near-certain; a campaign of many adds up to 0.05.
      strength: fam.strength + 0.05 * Math.min(1, Math.log10(requests) / 2),
      evidence:
        `${row.client} sent ${requests} request(s) carrying ${fam.label} payloads` +
        ` to ${hosts} host(s), e.g. ${example.length > 160 ? `${example.slice(0, 160)}…` : example}`,
      keys: { clientip: String(row.client), uriPattern: fam.pattern },
      events: requests,
    };
  },
};
