/**
 * manifest.xml against the add-in manifest's rules and against the build it points at: parsed by a
 * real XML parser, elements where the schema wants them, every resource id defined, zh-CN overrides
 * for every string a user sees, every URL on one origin and naming a file the production build made,
 * icons with the pixel sizes the manifest claims.
 * (No npm package ships Microsoft's manifest XSD, so the schema's element order is checked here.)
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist', 'addin');
const ORIGIN = 'https://localhost:3443';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const BT = 'http://schemas.microsoft.com/office/officeappbasictypes/1.0';

type El = {
  localName: string;
  namespaceURI: string | null;
  childNodes: ArrayLike<unknown>;
  getAttribute(n: string): string | null;
  getAttributeNS(ns: string, n: string): string | null;
  getElementsByTagNameNS(ns: string, n: string): ArrayLike<El>;
};

function parse(xml: string): El {
  const problems: string[] = [];
  // xmldom 0.8 reports through errorHandler (0.9 renamed it onError; an unknown option would be
  // ignored silently and let malformed XML through). It reports a mismatched end tag only as a
  // warning, so warnings count as problems too.
  const doc = new DOMParser({
    errorHandler: {
      warning: (m: string) => problems.push(m),
      error: (m: string) => problems.push(m),
      fatalError: (m: string) => problems.push(m),
    },
  }).parseFromString(xml, 'text/xml');
  assert.deepEqual(problems, [], 'manifest.xml is well-formed XML');
  return doc.documentElement as unknown as El;
}

function children(e: El): El[] {
  return Array.from(e.childNodes).filter((n): n is El => (n as { nodeType: number }).nodeType === 1);
}

function all(e: El, ns: string, name: string): El[] {
  return Array.from(e.getElementsByTagNameNS(ns, name));
}

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  assert.equal(b.subarray(1, 4).toString('ascii'), 'PNG', `${file} is a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** The file in the build that a manifest URL names. */
function builtFile(url: string): string {
  const u = new URL(url);
  return join(DIST, decodeURIComponent(u.pathname));
}

describe('manifest.xml', function () {
  this.timeout(180000);
  const xml = readFileSync(join(ROOT, 'manifest.xml'), 'utf8');
  const root = parse(xml);
  const OFFICE = root.namespaceURI!;
  const OV = 'http://schemas.microsoft.com/office/taskpaneappversionoverrides';

  before(() => {
    if (!existsSync(join(DIST, 'taskpane.html'))) execFileSync('npx', ['webpack', '--mode', 'production'], { cwd: ROOT, stdio: 'ignore' });
  });

  it('is a task pane add-in for Excel with the base elements in schema order', () => {
    assert.equal(root.localName, 'OfficeApp');
    assert.equal(OFFICE, 'http://schemas.microsoft.com/office/appforoffice/1.1');
    assert.equal(root.getAttributeNS(XSI, 'type'), 'TaskPaneApp');
    const order = [
      'Id',
      'Version',
      'ProviderName',
      'DefaultLocale',
      'DisplayName',
      'Description',
      'IconUrl',
      'HighResolutionIconUrl',
      'SupportUrl',
      'AppDomains',
      'Hosts',
      'Requirements',
      'DefaultSettings',
      'Permissions',
      'VersionOverrides',
    ];
    assert.deepEqual(
      children(root).map((c) => c.localName),
      order,
    );
    const text = (name: string): string => String((all(root, OFFICE, name)[0] as unknown as { textContent: string }).textContent).trim();
    assert.match(text('Id'), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(text('Version'), /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(text('Permissions'), 'ReadWriteDocument');
    assert.deepEqual(
      all(root, OFFICE, 'Host')
        .filter((h) => h.getAttribute('Name'))
        .map((h) => h.getAttribute('Name')),
      ['Workbook'],
    );
  });

  it('has a ribbon button that opens the task pane, and custom functions in the PLANBOOK namespace', () => {
    const points = all(root, OV, 'ExtensionPoint').map((e) => e.getAttributeNS(XSI, 'type'));
    assert.deepEqual(points.sort(), ['CustomFunctions', 'PrimaryCommandSurface']);
    const cf = all(root, OV, 'ExtensionPoint').find((e) => e.getAttributeNS(XSI, 'type') === 'CustomFunctions')!;
    assert.deepEqual(
      children(cf).map((c) => c.localName),
      ['Script', 'Page', 'Metadata', 'Namespace'],
    );
    const ns = all(root, BT, 'String').find((s) => s.getAttribute('id') === 'Functions.Namespace')!;
    assert.equal(ns.getAttribute('DefaultValue'), 'PLANBOOK');
    const action = all(root, OV, 'Action')[0]!;
    assert.equal(action.getAttributeNS(XSI, 'type'), 'ShowTaskpane');
  });

  it('defines every resource id it uses, once', () => {
    const defined = [...all(root, BT, 'Image'), ...all(root, BT, 'Url'), ...all(root, BT, 'String')].map((e) => e.getAttribute('id')).filter((x): x is string => !!x);
    assert.equal(new Set(defined).size, defined.length, 'no duplicate ids');
    const used = xml.match(/resid="([^"]+)"/g)!.map((m) => m.slice(7, -1));
    for (const id of used) assert.ok(defined.includes(id), `resid ${id} is defined`);
  });

  it('has a zh-CN override for every string a user reads', () => {
    for (const name of ['DisplayName', 'Description']) {
      const e = all(root, OFFICE, name)[0]!;
      const o = all(e, OFFICE, 'Override').find((x) => x.getAttribute('Locale') === 'zh-CN');
      assert.ok(o && /[\u4e00-\u9fff]/.test(o.getAttribute('Value') ?? ''), `${name} has a Chinese override`);
    }
    for (const s of all(root, BT, 'String')) {
      if (s.getAttribute('id') === 'Functions.Namespace') continue;
      const o = all(s, BT, 'Override').find((x) => x.getAttribute('Locale') === 'zh-CN');
      assert.ok(o && /[\u4e00-\u9fff]/.test(o.getAttribute('Value') ?? ''), `${s.getAttribute('id')} has a Chinese override`);
    }
  });

  it('points every URL at one origin and at a file the production build made', () => {
    const urls = [...xml.matchAll(/(?:DefaultValue|Value)="(https?:[^"]+)"|<AppDomain>([^<]+)</g)].map((m) => m[1] ?? m[2]!);
    assert.ok(urls.length >= 12, `found ${urls.length} URLs`);
    for (const u of urls) {
      assert.equal(new URL(u).origin, ORIGIN, u);
      if (new URL(u).pathname !== '/') assert.ok(existsSync(builtFile(u)), `${u} → ${builtFile(u)} exists in dist/addin`);
    }
    const fj = JSON.parse(readFileSync(join(DIST, 'functions.json'), 'utf8')) as { functions: { id: string; parameters: { name: string }[] }[] };
    assert.deepEqual(fj.functions.map((f) => f.id).sort(), ['ACTUAL', 'PROGRESS', 'TARGET']);
    assert.equal(readFileSync(join(DIST, 'manifest.xml'), 'utf8'), xml, 'the build serves the same manifest for the default origin');
  });

  it('has icons of the pixel sizes it claims', () => {
    const images = all(root, BT, 'Image').filter((e) => e.getAttribute('id'));
    for (const img of images) {
      const size = Number(/Icon\.(\d+)x/.exec(img.getAttribute('id')!)![1]);
      const { width, height } = pngSize(builtFile(img.getAttribute('DefaultValue')!));
      assert.deepEqual([width, height], [size, size], img.getAttribute('id')!);
    }
    assert.deepEqual(pngSize(builtFile(all(root, OFFICE, 'IconUrl')[0]!.getAttribute('DefaultValue')!)), { width: 32, height: 32 });
    assert.deepEqual(pngSize(builtFile(all(root, OFFICE, 'HighResolutionIconUrl')[0]!.getAttribute('DefaultValue')!)), { width: 64, height: 64 });
    assert.deepEqual(pngSize(join(ROOT, 'assets', 'icon-80.png')), { width: 80, height: 80 });
  });

  // scripts/setup-e2e.sh installs Debian's libxml2-utils, so this runs everywhere the suite runs.
  it('is accepted by xmllint, a second, strict XML parser', () => {
    execFileSync('xmllint', ['--noout', join(ROOT, 'manifest.xml')]);
  });
});
