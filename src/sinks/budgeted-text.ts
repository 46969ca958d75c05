/**
 * Markdown text under a byte budget: tables are cut row by row with a line
 * that says how many rows were left out and where to find them.
 */

/** How the notes about cut tables name the limit and where the rest can be found. */
export interface SizeLimitNotes {
  /** What is kept small, e.g. "the summary". */
  subject: string
  /** The limit, e.g. "GitHub's 1 MiB limit". */
  limit: string
  /** Where the rows left out are, e.g. "the JSON report (report-file) has every finding". */
  elsewhere: string
}

/** Accumulates Markdown without passing a byte budget; tables are cut with a line that says so. */
export class BudgetedText {
  private parts: string[] = []
  private used = 0
  /** Kept free for the short fixed lines and the notes that say what was cut. */
  private readonly reserve = 16 * 1024
  /** Ends (in bytes used) of the scopes being rendered, innermost last. */
  private readonly scopes: number[] = []

  constructor(
    private readonly budget: number,
    private readonly notes: SizeLimitNotes
  ) {}

  add(text: string): void {
    this.parts.push(text)
    this.used += Buffer.byteLength(text)
  }

  /**
   * Adds a table, using at most `share` of the bytes still free. Rows are
   * rendered one by one and only while they fit, so a cut table costs no more
   * than the rows it shows.
   */
  table<T>(
    heading: string,
    header: string,
    items: readonly T[],
    row: (item: T) => string,
    share: number
  ): void {
    if (items.length === 0) return
    const free = this.free()
    const limit = Math.floor(free * share)
    let size = Buffer.byteLength(heading) + Buffer.byteLength(header)
    const rows: string[] = []
    for (const item of items) {
      const text = row(item)
      const bytes = Buffer.byteLength(text)
      if (size + bytes > limit) break
      size += bytes
      rows.push(text)
    }
    this.add(heading)
    if (rows.length > 0) this.add(header + rows.join(''))
    const left = items.length - rows.length
    this.add(
      left > 0
        ? `\n*${left} more row(s) not shown to keep ${this.notes.subject} under ${this.notes.limit}; ${this.notes.elsewhere}.*\n\n`
        : '\n'
    )
  }

  /**
   * Adds text only when it fits in the bytes still free (within the innermost
   * scope); returns whether it was added.
   */
  addIfFits(text: string): boolean {
    if (Buffer.byteLength(text) > this.free()) return false
    this.add(text)
    return true
  }

  /** The line that says what was left out and where to find it. */
  omittedNote(what: string): string {
    const { subject, limit, elsewhere } = this.notes
    return `*${what.charAt(0).toUpperCase()}${what.slice(1)} not shown to keep ${subject} under ${limit}; ${elsewhere}.*\n\n`
  }

  /** Bytes the tables may still use: up to the reserve, and within the innermost scope. */
  private free(): number {
    const end = Math.min(this.budget - this.reserve, this.scopes.at(-1) ?? Number.POSITIVE_INFINITY)
    return Math.max(0, end - this.used)
  }

  /**
   * Renders a part whose tables together use at most `share` of the bytes
   * still free; what it leaves unused stays free for what follows.
   */
  scope(share: number, render: () => void): void {
    this.scopes.push(this.used + Math.floor(this.free() * share))
    try {
      render()
    } finally {
      this.scopes.pop()
    }
  }

  /** The text, never over the budget: a last cut, should the fixed parts ever outgrow the reserve. */
  text(): string {
    const text = this.parts.join('')
    if (this.used <= this.budget) return text
    const { subject, limit, elsewhere } = this.notes
    const note = `\n\n*${subject.charAt(0).toUpperCase()}${subject.slice(1)} was cut here to stay under ${limit}; ${elsewhere}.*\n`
    const keep = Buffer.from(text)
      .subarray(0, Math.max(0, this.budget - Buffer.byteLength(note)))
      .toString('utf8')
    return keep.replace(/\uFFFD$/, '') + note
  }
}
