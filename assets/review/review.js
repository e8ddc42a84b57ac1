// The review page: one sample at a time (or a list), keyboard first. Every decision is POSTed
// and shown as saved only once the server has written it to the testset file. Text from the
// testset goes through textContent, never HTML.
(function () {
  'use strict';
  const token = new URLSearchParams(location.search).get('token') || '';
  const root = document.getElementById('review');
  const state = { path: '', samples: [], index: 0, mode: 'one', filter: '', editing: null, message: '' };

  const { el, highlighted, spansIn } = window.ragsetDom;

  async function api(path, body) {
    const response = await fetch(`${path}?token=${encodeURIComponent(token)}`, {
      method: body ? 'POST' : 'GET',
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    if (!response.ok) throw new Error(json.error || `HTTP ${response.status}`);
    return json;
  }

  const statusOf = (sample) => (sample.review ? sample.review.status : 'pending');
  const visible = () => state.samples.map((sample, i) => ({ sample, i })).filter(({ sample }) => !state.filter || statusOf(sample) === state.filter);
  const current = () => state.samples[state.index];

  async function decide(decision) {
    const sample = current();
    if (!sample) return;
    const note = document.getElementById('note');
    if (note && decision.action !== 'edit' && decision.action !== 'note' && note.value.trim() !== (sample.review && sample.review.note ? sample.review.note : '')) decision.note = note.value;
    try {
      const { sample: saved } = await api(`/api/samples/${encodeURIComponent(sample.id)}`, decision);
      state.samples[state.index] = saved;
      state.message = `saved: ${statusOf(saved)}`;
      state.editing = null;
      if ((decision.action === 'accept' || decision.action === 'reject') && state.mode === 'one') move(1);
    } catch (error) {
      state.message = `not saved: ${error.message}`;
    }
    render();
  }

  function move(step) {
    const list = visible();
    if (list.length === 0) return;
    const at = list.findIndex(({ i }) => i === state.index);
    const next = list[Math.min(list.length - 1, Math.max(0, (at < 0 ? 0 : at) + step))];
    state.index = next.i;
  }

  function field(name, label, sample) {
    if (state.editing === name) {
      const area = el('textarea', { id: `edit-${name}`, value: sample[name], rows: name === 'user_input' ? 3 : 6 });
      setTimeout(() => area.focus(), 0);
      return el('div', { className: 'field editing' }, [
        el('label', { text: `${label} (Ctrl+Enter saves, Esc cancels)` }),
        area,
        el('div', {}, [
          el('button', { type: 'button', text: 'save', onclick: () => decide({ action: 'edit', [name]: area.value }) }),
          el('button', { type: 'button', text: 'cancel', onclick: () => ((state.editing = null), render()) }),
        ]),
      ]);
    }
    return el('div', { className: 'field' }, [el('label', { text: label }), el('p', { className: name === 'user_input' ? 'question' : 'answer', text: sample[name] })]);
  }

  function sampleView(sample) {
    const review = sample.review;
    const original = review && review.original;
    return el('article', { className: `sample status-${statusOf(sample)}`, 'data-sample-id': sample.id }, [
      el('div', { className: 'meta' }, [
        el('span', { className: 'status', 'data-status': statusOf(sample), text: statusOf(sample) }),
        el('span', { className: 'tag', text: sample.synthesizer_name }),
        el('span', { className: 'tag', text: sample.persona_name }),
        el('span', { className: 'tag', text: `${sample.query_style} · ${sample.query_length}` }),
        el('span', { className: 'muted', text: `${state.index + 1} / ${state.samples.length}` }),
      ]),
      field('user_input', 'question', sample),
      field('reference', 'answer', sample),
      original
        ? el('details', { className: 'original' }, [
            el('summary', { text: 'generated text (before editing)' }),
            el('p', { className: 'question', text: original.user_input }),
            el('p', { className: 'answer', text: original.reference }),
          ])
        : null,
      el('div', { className: 'field' }, [
        el('label', { for: 'note', text: 'note (n to write, Enter saves)' }),
        el('input', { id: 'note', type: 'text', value: review && review.note ? review.note : '' }),
      ]),
      el('div', { className: 'actions' }, [
        el('button', { type: 'button', 'data-action': 'accept', text: 'accept (a)', onclick: () => decide({ action: 'accept' }) }),
        el('button', { type: 'button', 'data-action': 'reject', text: 'reject (r)', onclick: () => decide({ action: 'reject' }) }),
        el('button', { type: 'button', 'data-action': 'edit-question', text: 'edit question (e)', onclick: () => ((state.editing = 'user_input'), render()) }),
        el('button', { type: 'button', 'data-action': 'edit-answer', text: 'edit answer (w)', onclick: () => ((state.editing = 'reference'), render()) }),
      ]),
      ...kindFields(sample),
      el('h3', { text: 'contexts' }),
      ...sample.provenance.map((origin, i) =>
        el('div', { className: 'context' }, [
          el('div', { className: 'context-origin', text: `${origin.source} [${origin.start}, ${origin.end})` }),
          highlighted(sample.reference_contexts[i] || '', spansIn(markedSpans(sample), origin)),
        ]),
      ),
      ...distractorViews(sample),
    ]);
  }

  // The answer's support, and for a false-premise question the span that contradicts its premise.
  const markedSpans = (sample) => [...(sample.reference_spans || []), ...(sample.false_premise ? [sample.false_premise.span] : [])];

  // What only some kinds carry: the premise a false-premise question assumes, and the
  // unfaithful answer of a faithfulness pair, so a reviewer judges them with the sample.
  function kindFields(sample) {
    const fields = [];
    if (sample.false_premise) {
      fields.push(
        el('div', { className: 'field premise' }, [
          el('label', { text: 'false premise (the question assumes it; the marked context text says otherwise)' }),
          el('p', { text: sample.false_premise.premise }),
        ]),
      );
    }
    if (sample.unfaithful_answer) {
      fields.push(
        el('details', { className: 'field unfaithful' }, [
          el('summary', { text: 'unfaithful answer (for faithfulness metrics)' }),
          el('p', { className: 'answer', text: sample.unfaithful_answer }),
          el('ul', {}, (sample.unsupported_statements || []).map((statement) => el('li', { text: `unsupported: ${statement}` }))),
        ]),
      );
    }
    return fields;
  }

  // An unanswerable question has no contexts: the chunks a retriever would return instead.
  function distractorViews(sample) {
    if (!sample.distractor_contexts || sample.distractor_contexts.length === 0) return [];
    return [
      el('h3', { text: 'nearest chunks (none answers the question: the reference refuses)' }),
      ...sample.distractor_contexts.map((chunk) =>
        el('div', { className: 'context distractor' }, [
          el('div', { className: 'context-origin', text: `${chunk.source} [${chunk.start}, ${chunk.end}) · BM25 #${chunk.bm25_rank} · dense #${chunk.dense_rank}` }),
          highlighted(chunk.text, []),
        ]),
      ),
    ];
  }

  function listView() {
    return el(
      'ol',
      { className: 'sample-list' },
      visible().map(({ sample, i }) =>
        el('li', { className: i === state.index ? 'selected' : '', 'data-sample-id': sample.id, onclick: () => ((state.index = i), (state.mode = 'one'), render()) }, [
          el('span', { className: 'status', 'data-status': statusOf(sample), text: statusOf(sample) }),
          el('span', { className: 'question', text: sample.user_input }),
        ]),
      ),
    );
  }

  function counts() {
    const tally = { pending: 0, accepted: 0, rejected: 0, edited: 0 };
    for (const sample of state.samples) tally[statusOf(sample)] += 1;
    return tally;
  }

  function render() {
    const tally = counts();
    const filter = el('select', { id: 'filter', onchange: (event) => ((state.filter = event.target.value), move(0), render()) }, [
      el('option', { value: '', text: 'all samples' }),
      ...Object.keys(tally).map((status) => el('option', { value: status, text: `${status} (${tally[status]})` })),
    ]);
    filter.value = state.filter;
    const sample = current();
    root.replaceChildren(
      el('header', {}, [
        el('h1', { text: `ragset review: ${state.path}` }),
        el('p', { className: 'muted', id: 'tally', text: Object.entries(tally).map(([k, v]) => `${v} ${k}`).join(' · ') }),
        el('div', { className: 'toolbar' }, [
          filter,
          el('button', { type: 'button', id: 'mode', text: state.mode === 'one' ? 'list (l)' : 'one at a time (l)', onclick: () => ((state.mode = state.mode === 'one' ? 'list' : 'one'), render()) }),
          el('span', { id: 'message', className: 'message', text: state.message }),
        ]),
        el('p', { className: 'keys muted', text: 'keys: a accept · r reject · e edit question · w edit answer · n note · j/k or →/← next/previous · l list' }),
      ]),
      state.mode === 'list' ? listView() : sample ? sampleView(sample) : el('p', { text: 'no samples' }),
    );
  }

  document.addEventListener('keydown', (event) => {
    const target = event.target;
    const typing = target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement;
    if (typing) {
      if (event.key === 'Escape') {
        target.blur();
        // Leaving the note keeps what was typed: it is saved with the next decision.
        if (state.editing) {
          state.editing = null;
          render();
        }
      } else if (target instanceof HTMLTextAreaElement && event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        decide({ action: 'edit', [state.editing]: target.value });
      } else if (target.id === 'note' && event.key === 'Enter') {
        event.preventDefault();
        decide({ action: 'note', note: target.value });
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || target instanceof HTMLSelectElement) return;
    const actions = {
      a: () => decide({ action: 'accept' }),
      r: () => decide({ action: 'reject' }),
      e: () => ((state.editing = 'user_input'), (state.mode = 'one'), render()),
      w: () => ((state.editing = 'reference'), (state.mode = 'one'), render()),
      n: () => {
        state.mode = 'one';
        render();
        document.getElementById('note').focus();
      },
      j: () => (move(1), render()),
      ArrowRight: () => (move(1), render()),
      k: () => (move(-1), render()),
      ArrowLeft: () => (move(-1), render()),
      l: () => ((state.mode = state.mode === 'one' ? 'list' : 'one'), render()),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  api('/api/samples')
    .then(({ path, samples }) => {
      state.path = path;
      state.samples = samples;
      render();
      document.body.dataset.ready = 'true';
    })
    .catch((error) => root.replaceChildren(el('p', { className: 'message', text: `cannot load the samples: ${error.message}` })));
})();
