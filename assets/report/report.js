// The report page: reads the JSON that `ragset report` embedded and lays it out with
// Observable Plot. Every piece of text from the testset goes through textContent, never HTML.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const PAGE = 50;

  const { el, highlighted } = window.ragsetDom;
  const fixed = (x, digits) => (x === null || x === undefined ? 'n/a' : x.toFixed(digits));
  const percent = (part, whole) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : 'n/a');
  const mean = (xs) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

  function metric(name, label, value, hint) {
    return el('div', { className: 'metric', title: hint || '' }, [
      el('div', { className: 'metric-value', 'data-metric': name, text: value }),
      el('div', { className: 'metric-label', text: label }),
    ]);
  }
  function section(id, title, children) {
    return el('section', { id }, [el('h2', { text: title }), ...children]);
  }
  function chart(name, plot) {
    return el('figure', { className: 'chart', 'data-chart': name }, [plot]);
  }
  function table(headers, rows, name) {
    const head = el('tr', {}, headers.map((h) => el('th', { text: h })));
    const body = rows.map((row) => el('tr', {}, row.map((cell) => el('td', { text: String(cell) }))));
    return el('table', { className: 'numbers', 'data-table': name }, [el('thead', {}, [head]), el('tbody', {}, body)]);
  }
  const barHeight = (n) => Math.max(80, 22 * n + 40);
  // Room for the longest bar label (about 6.5 px a character at Plot's 10 px font), within reason.
  const labelMargin = (labels) => Math.min(360, Math.max(60, 10 + 6.5 * Math.max(0, ...labels.map((label) => String(label).length))));

  // Requested vs achieved: bars for what was made, a tick for what was planned.
  function dimensionPanel(dimension) {
    const rows = dimension.rows;
    const planned = rows.filter((row) => row.requested !== null);
    const plot = Plot.plot({
      height: barHeight(rows.length),
      marginLeft: labelMargin(rows.map((row) => row.value)),
      x: { label: 'samples', grid: true },
      y: { label: null, domain: rows.map((row) => row.value) },
      marks: [
        Plot.barX(rows, { x: 'achieved', y: 'value', fill: '#4c78a8', title: (row) => `${row.value}: ${row.achieved}` }),
        Plot.tickX(planned, { x: 'requested', y: 'value', stroke: '#e45756', strokeWidth: 3 }),
        Plot.ruleX([0]),
      ],
    });
    const numbers = table(
      ['value', 'requested', 'achieved'],
      rows.map((row) => [row.value, row.requested === null ? '—' : row.requested, row.achieved]),
      `dimension:${dimension.field}`,
    );
    return el('div', { className: 'panel' }, [el('h3', { text: dimension.field }), chart(`dimension:${dimension.field}`, plot), numbers]);
  }

  function header() {
    const made = data.requestedSize === null ? String(data.sampleCount) : `${data.sampleCount} of ${data.requestedSize}`;
    return el('header', {}, [
      el('h1', { text: `ragset report: ${data.title}` }),
      el('p', { className: 'muted', text: `${made} samples · ragset ${data.ragsetVersion}` }),
      data.notes.length ? el('ul', { className: 'notes' }, data.notes.map((note) => el('li', { text: note }))) : null,
    ]);
  }

  function mixSection() {
    const legend = el('p', { className: 'muted', text: 'Bars: samples made. Red ticks: samples planned (when the run recorded its plan).' });
    return section('mix', 'Requested vs achieved', [legend, el('div', { className: 'grid' }, data.dimensions.map(dimensionPanel))]);
  }

  // Up to this many documents get a bar each; a larger corpus gets the distribution instead.
  const MAX_DOCUMENT_BARS = 60;
  const usedColor = { domain: ['asked about', 'never asked about'], range: ['#4c78a8', '#e45756'], legend: true };

  function documentBars(docs) {
    return chart(
      'coverage-documents',
      Plot.plot({
        height: barHeight(docs.length),
        width: 1100,
        marginLeft: labelMargin(docs.map((d) => d.source)),
        x: { label: 'samples', grid: true },
        y: { label: null, domain: docs.map((d) => d.source) },
        color: usedColor,
        marks: [Plot.barX(docs, { x: 'samples', y: 'source', fill: 'used', title: (d) => `${d.source}: ${d.samples} samples, ${d.chunksUsed} chunks used` }), Plot.ruleX([0])],
      }),
    );
  }

  // Documents per number of samples: the 0 bar is the documents never asked about.
  function documentHistogram(docs) {
    const counts = new Map();
    for (const d of docs) counts.set(d.samples, (counts.get(d.samples) || 0) + 1);
    const rows = [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([samples, documents]) => ({ samples: String(samples), documents, used: samples > 0 ? 'asked about' : 'never asked about' }));
    return chart(
      'coverage-documents',
      Plot.plot({
        height: 220,
        width: 1100,
        x: { label: 'samples per document', type: 'band', domain: rows.map((r) => r.samples) },
        y: { label: 'documents', grid: true },
        color: usedColor,
        marks: [Plot.barY(rows, { x: 'samples', y: 'documents', fill: 'used', title: (r) => `${r.documents} document(s) with ${r.samples} sample(s)` }), Plot.ruleY([0])],
      }),
    );
  }

  function coverageSection() {
    const c = data.coverage;
    const docs = c.perDocument.map((d) => ({ ...d, used: d.samples > 0 ? 'asked about' : 'never asked about' }));
    const unused = docs.filter((d) => d.samples === 0);
    const contextRows = Object.entries(c.contextsPerSample).map(([contexts, samples]) => ({ contexts, samples }));
    return section('coverage', 'Corpus coverage', [
      el('div', { className: 'metrics' }, [
        metric('documents-used', 'documents used', c.documents.total === null ? String(c.documents.used) : `${c.documents.used} / ${c.documents.total}`),
        metric('documents-share', 'of documents', percent(c.documents.used, c.documents.total)),
        metric('chunks-used', 'chunks used', c.chunks.total === null ? String(c.chunks.used) : `${c.chunks.used} / ${c.chunks.total}`),
        metric('chunks-share', 'of chunks', percent(c.chunks.used, c.chunks.total)),
      ]),
      c.documents.total === null ? el('p', { className: 'muted', text: 'Pass --graph to compare with the whole corpus.' }) : null,
      c.outsideCorpus > 0 ? el('p', { className: 'notes', 'data-metric': 'outside-corpus', text: `${c.outsideCorpus} cited document(s) are not in the graph: is it the graph this testset came from?` }) : null,
      el('h3', { text: 'Samples per document' }),
      docs.length <= MAX_DOCUMENT_BARS ? documentBars(docs) : documentHistogram(docs),
      unused.length
        ? el('details', {}, [
            el('summary', { 'data-metric': 'unused-documents', text: `${unused.length} document(s) never asked about` }),
            el('p', { className: 'unused', text: unused.map((d) => d.source).join(', ') }),
          ])
        : null,
      el('h3', { text: 'Contexts per sample' }),
      chart(
        'contexts-per-sample',
        Plot.plot({
          height: 180,
          x: { label: 'contexts', type: 'band' },
          y: { label: 'samples', grid: true },
          marks: [Plot.barY(contextRows, { x: 'contexts', y: 'samples', fill: '#72b7b2' }), Plot.ruleY([0])],
        }),
      ),
    ]);
  }

  function diversitySection() {
    const d = data.diversity;
    return section('diversity', 'Question diversity', [
      el('div', { className: 'metrics' }, [
        ...d.distinct.map((x) => metric(`distinct-${x.n}`, `distinct-${x.n}`, fixed(x.value, 3), `distinct ${x.n}-grams / all ${x.n}-grams`)),
        metric('compression-ratio', 'compression ratio', fixed(d.compressionRatio, 3), 'size / gzip size: higher is more repetitive'),
        metric('self-repetition', `self-repetition (${d.selfRepetition.n}-grams)`, fixed(d.selfRepetition.score, 3), 'mean log(1 + other questions sharing each long n-gram)'),
        metric('self-repetition-share', `questions sharing a ${d.selfRepetition.n}-gram`, percent(d.selfRepetition.share, 1)),
        metric('mean-pairwise-cosine', 'mean pairwise cosine', fixed(d.meanPairwiseCosine, 3), 'of question embeddings: higher is more homogeneous (needs --graph)'),
      ]),
      chart(
        'distinct-n',
        Plot.plot({
          height: 180,
          x: { label: 'n', type: 'band' },
          y: { label: 'distinct-n', domain: [0, 1], grid: true },
          marks: [Plot.barY(d.distinct, { x: 'n', y: 'value', fill: '#54a24b' }), Plot.ruleY([0])],
        }),
      ),
    ]);
  }

  function histogram(name, values, label) {
    return chart(
      name,
      Plot.plot({
        height: 200,
        x: { label },
        y: { label: 'samples', grid: true },
        marks: [Plot.rectY(values, Plot.binX({ y: 'count' }, { x: (v) => v, fill: '#9d755d' })), Plot.ruleY([0])],
      }),
    );
  }

  function lengthSection() {
    const { question, answer } = data.lengths;
    return section('lengths', 'Lengths', [
      el('div', { className: 'metrics' }, [
        metric('question-words-mean', 'mean words per question', fixed(mean(question), 1)),
        metric('answer-words-mean', 'mean words per answer', fixed(mean(answer), 1)),
      ]),
      el('div', { className: 'grid' }, [
        el('div', { className: 'panel' }, [el('h3', { text: 'Question length' }), histogram('question-length', question, 'words per question')]),
        el('div', { className: 'panel' }, [el('h3', { text: 'Answer length' }), histogram('answer-length', answer, 'words per answer')]),
      ]),
    ]);
  }

  // Resemblance to real queries (ragset profile): distances, then shares side by side.
  function resemblanceSection() {
    const r = data.resemblance;
    if (!r) return null;
    const sideRows = (shares) => Object.entries(shares).map(([label, s]) => [label, percent(s.profile, 1), percent(s.testset, 1)]);
    const tables = [
      el('div', { className: 'panel' }, [el('h3', { text: 'Length bucket' }), table(['bucket', 'real queries', 'testset'], sideRows(r.length.buckets), 'resemblance-length')]),
      el('div', { className: 'panel' }, [el('h3', { text: 'Formulation' }), table(['formulation', 'real queries', 'testset'], sideRows(r.formulation), 'resemblance-formulation')]),
      ...Object.entries(r.categories || {}).map(([dimension, shares]) =>
        el('div', { className: 'panel' }, [el('h3', { text: dimension }), table(['category', 'real queries', 'testset'], sideRows(shares), `resemblance-${dimension}`)]),
      ),
    ];
    return section('resemblance', `Resemblance to ${r.queries} real queries`, [
      el('div', { className: 'metrics' }, [
        metric('length-ks', 'length KS distance', fixed(r.length.ks, 3), 'largest gap between the CDFs of words per query: 0 is identical'),
        metric('length-wasserstein', 'length Wasserstein (words)', fixed(r.length.wasserstein, 2), 'area between the CDFs of words per query'),
        metric('length-means', 'mean words: real / testset', `${fixed(r.length.profile_mean, 1)} / ${fixed(r.length.testset_mean, 1)}`),
        metric('embedding-distance', 'mean-vector cosine distance', r.embedding ? fixed(r.embedding.cosine_distance, 3) : 'n/a', 'between the mean question vector and the mean real-query vector (same embedding model)'),
      ]),
      el('div', { className: 'grid' }, tables),
      ...r.notes.map((note) => el('p', { className: 'muted', text: note })),
    ]);
  }

  function costSection() {
    if (!data.costs) return section('costs', 'Calls and cost', [el('p', { className: 'muted', text: 'No run record beside the testset: calls and cost were not recorded.' })]);
    const rows = data.costs.map((c) => ({ ...c, step: `${c.phase} · ${c.stage}` }));
    const total = rows.reduce((sum, c) => sum + c.costUsd, 0);
    const calls = rows.reduce((sum, c) => sum + c.calls, 0);
    return section('costs', 'Calls and cost', [
      el('div', { className: 'metrics' }, [metric('total-calls', 'LLM calls', String(calls)), metric('total-cost', 'cost (USD)', fixed(total, 4))]),
      chart(
        'calls-per-stage',
        Plot.plot({
          height: barHeight(rows.length),
          marginLeft: labelMargin(rows.map((r) => r.step)),
          x: { label: 'calls', grid: true },
          y: { label: null, domain: rows.map((r) => r.step) },
          marks: [Plot.barX(rows, { x: 'calls', y: 'step', fill: '#b279a2' }), Plot.ruleX([0])],
        }),
      ),
      table(
        ['phase', 'stage', 'calls', 'cache hits', 'failures', 'prompt tokens', 'completion tokens', 'cost (USD)'],
        rows.map((c) => [c.phase, c.stage, c.calls, c.cacheHits, c.failures, c.promptTokens, c.completionTokens, c.costUsd.toFixed(4)]),
        'costs',
      ),
    ]);
  }

  function sampleCard(sample) {
    const labels = Object.entries(sample.labels).map(([field, value]) => el('span', { className: 'tag', title: field, text: value }));
    const contexts = el('details', {}, [el('summary', { text: `${sample.contexts.length} context(s)` })]);
    contexts.addEventListener('toggle', () => {
      if (contexts.dataset.filled) return;
      contexts.dataset.filled = '1';
      for (const c of sample.contexts) {
        contexts.append(
          el('div', { className: 'context' }, [
            el('div', { className: 'context-origin', text: `${c.source} [${c.start}, ${c.end})` }),
            highlighted(data.contexts[c.text], c.spans),
          ]),
        );
      }
    });
    const review = sample.review;
    return el('article', { className: 'sample', 'data-sample-id': sample.id }, [
      el('div', { className: 'tags' }, labels),
      el('p', { className: 'question', text: sample.question }),
      el('p', { className: 'answer', text: sample.answer }),
      review && review.note ? el('p', { className: 'note', text: `note: ${review.note}` }) : null,
      contexts,
    ]);
  }

  function samplesSection() {
    const search = el('input', { type: 'search', placeholder: 'search questions, answers and contexts', id: 'sample-search' });
    const filters = data.dimensions.map((dimension) => {
      const select = el('select', { 'data-field': dimension.field, title: dimension.field }, [
        el('option', { value: '', text: `${dimension.field}: all` }),
        ...dimension.rows.filter((row) => row.achieved > 0).map((row) => el('option', { value: row.value, text: row.value })),
      ]);
      return select;
    });
    const count = el('p', { className: 'muted', id: 'sample-count' });
    const list = el('div', { id: 'sample-list' });
    const more = el('button', { type: 'button', text: 'show more' });
    let matching = [];
    let shown = 0;
    function haystack(sample) {
      return [sample.question, sample.answer, ...sample.contexts.map((c) => data.contexts[c.text]), ...sample.contexts.map((c) => c.source)].join('\n').toLowerCase();
    }
    const texts = new Map();
    function apply() {
      const query = search.value.trim().toLowerCase();
      const wanted = filters.filter((f) => f.value !== '').map((f) => [f.dataset.field, f.value]);
      matching = data.samples.filter((sample) => {
        if (wanted.some(([field, value]) => sample.labels[field] !== value)) return false;
        if (!query) return true;
        if (!texts.has(sample.id)) texts.set(sample.id, haystack(sample));
        return texts.get(sample.id).includes(query);
      });
      list.replaceChildren();
      shown = 0;
      showMore();
    }
    function showMore() {
      const next = matching.slice(shown, shown + PAGE);
      list.append(...next.map(sampleCard));
      shown += next.length;
      count.textContent = `showing ${shown} of ${matching.length} matching samples (${data.samples.length} in all)`;
      more.hidden = shown >= matching.length;
    }
    search.addEventListener('input', apply);
    for (const f of filters) f.addEventListener('change', apply);
    more.addEventListener('click', showMore);
    apply();
    return section('samples', 'Samples', [el('div', { className: 'filters' }, [search, ...filters]), count, list, more]);
  }

  const root = document.getElementById('report');
  root.replaceChildren(...[header(), mixSection(), resemblanceSection(), coverageSection(), diversitySection(), lengthSection(), costSection(), samplesSection()].filter(Boolean));
  document.body.dataset.ready = 'true';
})();
