import { LimitExceededError } from './errors.ts';

const LT = 0x3c; // <
const GT = 0x3e; // >
const BANG = 0x21; // !
const DASH = 0x2d; // -
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const QUOT = 0x22;
const APOS = 0x27;
const CDATA_OPENING = Buffer.from('CDATA[');

/** Scanner states; a run is what one parser string would hold. */
const TEXT = 0;
/** After "<". */
const TAG_START = 1;
/** After "<!". */
const BANG_SEEN = 2;
/** After "<![" and `matched` bytes of "CDATA[". */
const CDATA_OPENING_STATE = 3;
/** After "<!-". */
const DASH_SEEN = 4;
/** Inside a tag (attribute values tracked by `quote`). */
const TAG = 5;
const CDATA = 6;
const COMMENT = 7;

const RUN_NAMES = ['a text value', 'a tag', 'a tag', 'a tag', 'a tag', 'a tag', 'a CDATA section', 'a comment'];

/**
 * Measures, as XML bytes stream through it in chunks of any size, every run of characters an XML
 * parser holds as one string: a text node (between two tags), a tag with its attributes, a CDATA
 * section, a comment. Throws LimitExceededError ('value-too-long') as soon as one passes `maxChars`
 * characters (code points as stored: entities are not expanded), so a huge value is refused before
 * a parser builds it. One pass over the bytes, a few counters of memory, whatever the input.
 */
export class XmlValueGuard {
  private state = TEXT;
  /** Characters of the current run. */
  private chars = 0;
  /** Byte offset (in the whole stream) where the current run started. */
  private startedAt = 0;
  private offset = 0;
  /** TAG: the quote of an open attribute value, or 0. CDATA_OPENING_STATE: bytes matched. CDATA, COMMENT: end-marker bytes matched. */
  private matched = 0;

  constructor(
    private readonly maxChars: number,
    /** Names the stream in messages, e.g. "xl/sharedStrings.xml". */
    private readonly where: string,
  ) {}

  write(chunk: Uint8Array): void {
    const max = this.maxChars;
    const offset = this.offset;
    let { state, chars, matched, startedAt } = this;
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      // Text and tags, nearly all of a document, have loops of their own; the rest goes a byte at a time.
      if (state === TEXT) {
        for (; i < n && chars <= max; i++) {
          const b = chunk[i];
          if (b === LT) break;
          // Continuation bytes of a UTF-8 sequence are not characters of their own.
          if ((b & 0xc0) !== 0x80) chars++;
        }
        if (i < n && chars <= max) {
          state = TAG_START;
          chars = 1;
          startedAt = offset + i;
          i++;
        }
      } else if (state === TAG) {
        for (; i < n && chars <= max; i++) {
          const b = chunk[i];
          if ((b & 0xc0) !== 0x80) chars++;
          if (matched !== 0) {
            if (b === matched) matched = 0;
          } else if (b === GT) break;
          else if (b === QUOT || b === APOS) matched = b;
        }
        if (i < n && chars <= max) {
          state = TEXT;
          chars = 0;
          startedAt = offset + i + 1;
          i++;
        }
      } else {
        const b = chunk[i++];
        if ((b & 0xc0) !== 0x80) chars++;
        // Checked before the byte can end the run (the last ">" of a CDATA section or comment is its own).
        if (chars > max) {
          Object.assign(this, { state, chars, startedAt });
          this.fail();
        }
        let ordinaryTag = false;
        switch (state) {
          case TAG_START:
            if (b === BANG) state = BANG_SEEN;
            else ordinaryTag = true;
            break;
          case BANG_SEEN:
            if (b === OPEN_BRACKET) {
              state = CDATA_OPENING_STATE;
              matched = 0;
            } else if (b === DASH) state = DASH_SEEN;
            else ordinaryTag = true;
            break;
          case CDATA_OPENING_STATE:
            if (b !== CDATA_OPENING[matched]) ordinaryTag = true;
            else if (++matched === CDATA_OPENING.length) {
              state = CDATA;
              matched = 0;
            }
            break;
          case DASH_SEEN:
            if (b === DASH) {
              state = COMMENT;
              matched = 0;
            } else ordinaryTag = true;
            break;
          default: {
            // CDATA or COMMENT: up to "]]>" or "-->".
            const mark = state === CDATA ? CLOSE_BRACKET : DASH;
            if (b === mark) matched = matched < 2 ? matched + 1 : 2;
            else if (b === GT && matched === 2) {
              state = TEXT;
              chars = 0;
              startedAt = offset + i;
            } else matched = 0;
          }
        }
        if (ordinaryTag) {
          // The byte that showed this is an ordinary tag (or a declaration) is the tag's own: the tag loop reads it again.
          state = TAG;
          matched = 0;
          i--;
          if ((b & 0xc0) !== 0x80) chars--;
        }
      }
      if (chars > max) {
        Object.assign(this, { state, chars, startedAt });
        this.fail();
      }
    }
    Object.assign(this, { state, chars, matched, startedAt, offset: offset + n });
  }

  private fail(): never {
    throw new LimitExceededError(
      'value-too-long',
      'maxValueChars',
      this.maxChars,
      `${this.where}: ${RUN_NAMES[this.state]} starting at byte ${this.startedAt} is longer than ${this.maxChars.toLocaleString('en')} characters`,
    );
  }
}
