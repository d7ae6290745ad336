/**
 * A deliberately small XML reader and escaper, enough for XML-RPC and SOAP-ish request bodies.
 * It keeps elements, attributes and text (CDATA folded into text) and refuses DOCTYPEs, so a request
 * cannot make the simulator expand entities it never defined.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

export class XmlSyntaxError extends Error {
  constructor(message: string, position: number) {
    super(`${message} at offset ${position}`);
    this.name = 'XmlSyntaxError';
  }
}

export function parseXml(source: string): XmlElement {
  return new XmlReader(source).document();
}

/** Child elements only, skipping the whitespace text between them. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter(
    (child): child is XmlElement => typeof child !== 'string' && (name === undefined || child.name === name),
  );
}

export function textContent(node: XmlNode): string {
  return typeof node === 'string' ? node : node.children.map(textContent).join('');
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME = /[A-Za-z_:][-\w.:]*/y;

class XmlReader {
  private pos = 0;

  constructor(private readonly src: string) {
    if (src.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  document(): XmlElement {
    this.skipProlog();
    if (!this.src.startsWith('<', this.pos)) this.fail('expected the root element');
    const root = this.element();
    this.skipProlog();
    if (this.pos < this.src.length) this.fail('unexpected content after the root element');
    return root;
  }

  private skipProlog(): void {
    for (;;) {
      this.skipWhitespace();
      if (this.src.startsWith('<?', this.pos)) this.skipPast('?>');
      else if (this.src.startsWith('<!--', this.pos)) this.skipPast('-->');
      else if (this.src.startsWith('<!', this.pos)) this.fail('DOCTYPE and other declarations are not supported');
      else return;
    }
  }

  private element(): XmlElement {
    this.pos += 1; // '<'
    const name = this.name();
    const attributes: Record<string, string> = {};
    for (;;) {
      this.skipWhitespace();
      if (this.src.startsWith('/>', this.pos)) {
        this.pos += 2;
        return { name, attributes, children: [] };
      }
      if (this.src.startsWith('>', this.pos)) {
        this.pos += 1;
        break;
      }
      const attribute = this.name();
      this.skipWhitespace();
      this.expect('=');
      this.skipWhitespace();
      const quote = this.src[this.pos];
      if (quote !== '"' && quote !== "'") this.fail('expected a quoted attribute value');
      const end = this.indexOrFail(quote, this.pos + 1);
      attributes[attribute] = this.decode(this.src.slice(this.pos + 1, end));
      this.pos = end + 1;
    }
    return { name, attributes, children: this.children(name) };
  }

  private children(parent: string): XmlNode[] {
    const children: XmlNode[] = [];
    const addText = (value: string): void => {
      const last = children.length - 1;
      if (typeof children[last] === 'string') children[last] += value;
      else if (value !== '') children.push(value);
    };
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`<${parent}> is never closed`);
      if (this.src.startsWith('</', this.pos)) {
        this.pos += 2;
        const closing = this.name();
        if (closing !== parent) this.fail(`</${closing}> closes <${parent}>`);
        this.skipWhitespace();
        this.expect('>');
        return children;
      }
      if (this.src.startsWith('<!--', this.pos)) this.skipPast('-->');
      else if (this.src.startsWith('<![CDATA[', this.pos)) {
        const end = this.indexOrFail(']]>', this.pos);
        addText(this.src.slice(this.pos + 9, end));
        this.pos = end + 3;
      } else if (this.src.startsWith('<?', this.pos)) this.skipPast('?>');
      else if (this.src.startsWith('<', this.pos)) children.push(this.element());
      else {
        const next = this.src.indexOf('<', this.pos);
        const end = next === -1 ? this.src.length : next;
        addText(this.decode(this.src.slice(this.pos, end)));
        this.pos = end;
      }
    }
  }

  private decode(raw: string): string {
    return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (match, entity: string | undefined) => {
      if (entity === undefined) this.fail('a bare & must be written &amp;');
      if (entity.startsWith('#')) {
        const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
        if (code > 0x10ffff) this.fail(`character reference ${match} is out of range`);
        return String.fromCodePoint(code);
      }
      const named = NAMED_ENTITIES[entity];
      if (named === undefined) this.fail(`unknown entity ${match}`);
      return named;
    });
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const match = NAME.exec(this.src);
    if (!match) this.fail('expected a name');
    this.pos = NAME.lastIndex;
    return match[0];
  }

  private skipWhitespace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos] ?? '')) this.pos += 1;
  }

  private skipPast(terminator: string): void {
    this.pos = this.indexOrFail(terminator, this.pos) + terminator.length;
  }

  private indexOrFail(needle: string, from: number): number {
    const index = this.src.indexOf(needle, from);
    if (index === -1) this.fail(`missing ${JSON.stringify(needle)}`);
    return index;
  }

  private expect(literal: string): void {
    if (!this.src.startsWith(literal, this.pos)) this.fail(`expected ${JSON.stringify(literal)}`);
    this.pos += literal.length;
  }

  private fail(message: string): never {
    throw new XmlSyntaxError(message, this.pos);
  }
}
