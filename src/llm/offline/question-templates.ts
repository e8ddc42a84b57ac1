/**
 * Question templates per language and question kind. Slots: {focus} the subject term,
 * {cue} a second term from the supporting sentence, {cueA}/{cueB} one term from each
 * context, {bridge} the joining entity, {theme} the compared theme, {year} a year the
 * supporting sentence states, {persona} the persona's name. `short` templates stay near
 * ten words, `medium` ones near fifteen; `long` questions put a persona lead before a
 * medium one. Languages without a table use English.
 */

export type QuestionKind = 'single' | 'single_year' | 'single_definition' | 'single_bare' | 'multi' | 'abstract';

export interface LanguageTemplates {
  short: Record<QuestionKind, string[]>;
  medium: Record<QuestionKind, string[]>;
  /** Put before a medium question for `long`; {persona}, {focus}. */
  lead: string[];
  /** The one keyword a search query adds for each kind ("when", "vs"…). */
  searchWord: Record<QuestionKind, string>;
  /** Joins two sentences of a reference answer when no connective is wanted. */
  sentenceJoiner: string;
}

const EN: LanguageTemplates = {
  short: {
    single: ['How is {focus} related to {cue}?', 'What links {focus} to {cue}?'],
    single_year: ['What happened with {focus} in {year}?'],
    single_definition: ['What is {focus}?'],
    single_bare: ['What is known about {focus}?'],
    multi: ['How does {bridge} connect {cueA} and {cueB}?', 'What links {cueA} and {cueB} via {bridge}?'],
    abstract: ['How do {cueA} and {cueB} differ on {theme}?', 'What do {cueA} and {cueB} share about {theme}?'],
  },
  medium: {
    single: [
      'What is known about {focus}, and how does it relate to {cue}?',
      'What role does {cue} play in what we know about {focus}?',
      'Can you explain how {focus} is connected with {cue}?',
    ],
    single_year: ['What happened with {focus} in {year}, and why does it matter here?', 'What did {year} bring for {focus}, according to the record?'],
    single_definition: ['What exactly is {focus}, and how is it connected with {cue}?', 'How would you describe {focus}, and where does {cue} come in?'],
    single_bare: ['What are the main facts worth knowing about {focus}?', 'What should someone new to the subject know about {focus}?'],
    multi: [
      'How is {bridge} involved with both {cueA} and {cueB}, and what links the two?',
      'What role does {bridge} play in {cueA}, and how does that relate to {cueB}?',
      'Taking {bridge} as the common thread, what connects {cueA} with {cueB}?',
    ],
    abstract: [
      'How does {theme} show up differently in {cueA} compared with {cueB}?',
      'What common thread about {theme} runs through {cueA} and {cueB}, and where do they diverge?',
      'Comparing {cueA} and {cueB}, what picture of {theme} emerges overall?',
    ],
  },
  lead: [
    'As {persona:a}, I keep coming back to {focus} and want to get the details right.',
    'I work as {persona:a} and I am preparing notes on {focus} for colleagues.',
    'Speaking as {persona:a} who needs a clear picture of {focus}, here is my question.',
  ],
  searchWord: { single: '', single_year: 'when', single_definition: 'meaning', single_bare: 'facts', multi: 'connection', abstract: 'vs' },
  sentenceJoiner: ' ',
};

const DE: LanguageTemplates = {
  short: {
    single: ['Wie hängt {focus} mit {cue} zusammen?'],
    single_year: ['Was geschah {year} mit {focus}?'],
    single_definition: ['Was ist {focus}?'],
    single_bare: ['Was weiß man über {focus}?'],
    multi: ['Wie verbindet {bridge} {cueA} und {cueB}?'],
    abstract: ['Wie unterscheiden sich {cueA} und {cueB} bei {theme}?'],
  },
  medium: {
    single: ['Was ist über {focus} bekannt, und welche Rolle spielt dabei {cue}?'],
    single_year: ['Was geschah {year} mit {focus}, und warum ist das wichtig?'],
    single_definition: ['Was genau ist {focus}, und wie hängt es mit {cue} zusammen?'],
    single_bare: ['Welche wichtigen Fakten sollte man über {focus} kennen?'],
    multi: ['Welche Rolle spielt {bridge} für {cueA}, und wie hängt das mit {cueB} zusammen?'],
    abstract: ['Wie zeigt sich {theme} bei {cueA} anders als bei {cueB}?'],
  },
  lead: ['Als {persona} beschäftige ich mich gerade mit {focus}.'],
  searchWord: { single: '', single_year: 'wann', single_definition: 'bedeutung', single_bare: 'fakten', multi: 'zusammenhang', abstract: 'vergleich' },
  sentenceJoiner: ' ',
};

const FR: LanguageTemplates = {
  short: {
    single: ['Quel lien entre {focus} et {cue} ?'],
    single_year: ['Que s’est-il passé pour {focus} en {year} ?'],
    single_definition: ['Qu’est-ce que {focus} ?'],
    single_bare: ['Que sait-on de {focus} ?'],
    multi: ['Comment {bridge} relie-t-il {cueA} et {cueB} ?'],
    abstract: ['En quoi {cueA} et {cueB} diffèrent-ils sur {theme} ?'],
  },
  medium: {
    single: ['Que sait-on de {focus}, et quel rôle y joue {cue} ?'],
    single_year: ['Que s’est-il passé pour {focus} en {year}, et pourquoi est-ce important ?'],
    single_definition: ['Qu’est-ce que {focus} exactement, et quel est son lien avec {cue} ?'],
    single_bare: ['Quels sont les faits essentiels à connaître sur {focus} ?'],
    multi: ['Quel rôle joue {bridge} dans {cueA}, et quel est le lien avec {cueB} ?'],
    abstract: ['Comment le thème {theme} apparaît-il dans {cueA} par rapport à {cueB} ?'],
  },
  lead: ['En tant que {persona}, je m’intéresse de près à {focus}.'],
  searchWord: { single: '', single_year: 'quand', single_definition: 'définition', single_bare: 'faits', multi: 'lien', abstract: 'comparaison' },
  sentenceJoiner: ' ',
};

const ES: LanguageTemplates = {
  short: {
    single: ['¿Qué relación hay entre {focus} y {cue}?'],
    single_year: ['¿Qué pasó con {focus} en {year}?'],
    single_definition: ['¿Qué es {focus}?'],
    single_bare: ['¿Qué se sabe de {focus}?'],
    multi: ['¿Cómo conecta {bridge} {cueA} y {cueB}?'],
    abstract: ['¿En qué difieren {cueA} y {cueB} sobre {theme}?'],
  },
  medium: {
    single: ['¿Qué se sabe de {focus} y qué papel desempeña {cue}?'],
    single_year: ['¿Qué pasó con {focus} en {year} y por qué es importante?'],
    single_definition: ['¿Qué es exactamente {focus} y cómo se relaciona con {cue}?'],
    single_bare: ['¿Cuáles son los hechos principales sobre {focus}?'],
    multi: ['¿Qué papel tiene {bridge} en {cueA} y cómo se relaciona con {cueB}?'],
    abstract: ['¿Cómo aparece {theme} en {cueA} en comparación con {cueB}?'],
  },
  lead: ['Como {persona}, estoy estudiando {focus} con detalle.'],
  searchWord: { single: '', single_year: 'cuándo', single_definition: 'significado', single_bare: 'datos', multi: 'relación', abstract: 'comparación' },
  sentenceJoiner: ' ',
};

const ZH: LanguageTemplates = {
  short: {
    single: ['{focus}和{cue}有什么关系？'],
    single_year: ['{year}年{focus}发生了什么？'],
    single_definition: ['{focus}是什么？'],
    single_bare: ['关于{focus}有哪些已知信息？'],
    multi: ['{bridge}如何把{cueA}和{cueB}联系起来？'],
    abstract: ['在{theme}方面，{cueA}和{cueB}有何不同？'],
  },
  medium: {
    single: ['关于{focus}我们知道什么，{cue}在其中起什么作用？'],
    single_year: ['{year}年{focus}发生了什么，为什么这很重要？'],
    single_definition: ['{focus}究竟是什么，它和{cue}有什么关系？'],
    single_bare: ['关于{focus}，最值得了解的事实有哪些？'],
    multi: ['{bridge}在{cueA}中起什么作用，这和{cueB}有什么联系？'],
    abstract: ['比较{cueA}和{cueB}，{theme}分别是如何体现的？'],
  },
  lead: ['作为{persona}，我正在深入了解{focus}。'],
  searchWord: { single: '', single_year: '时间', single_definition: '定义', single_bare: '事实', multi: '关系', abstract: '比较' },
  sentenceJoiner: '',
};

const JA: LanguageTemplates = {
  short: {
    single: ['{focus}と{cue}にはどんな関係がありますか？'],
    single_year: ['{year}年に{focus}に何が起きましたか？'],
    single_definition: ['{focus}とは何ですか？'],
    single_bare: ['{focus}について何が知られていますか？'],
    multi: ['{bridge}は{cueA}と{cueB}をどう結びつけていますか？'],
    abstract: ['{theme}について{cueA}と{cueB}はどう違いますか？'],
  },
  medium: {
    single: ['{focus}について何が分かっていて、{cue}はどんな役割を果たしていますか？'],
    single_year: ['{year}年に{focus}に何が起き、それはなぜ重要なのですか？'],
    single_definition: ['{focus}とは正確には何で、{cue}とどう関係していますか？'],
    single_bare: ['{focus}について知っておくべき主な事実は何ですか？'],
    multi: ['{bridge}は{cueA}でどんな役割を果たし、それは{cueB}とどうつながりますか？'],
    abstract: ['{cueA}と{cueB}を比べると、{theme}はそれぞれどのように表れていますか？'],
  },
  lead: ['{persona}として、{focus}について詳しく調べています。'],
  searchWord: { single: '', single_year: 'いつ', single_definition: '意味', single_bare: '事実', multi: '関係', abstract: '比較' },
  sentenceJoiner: '',
};

const TABLES: Record<string, LanguageTemplates> = { en: EN, de: DE, fr: FR, es: ES, zh: ZH, ja: JA };

export function templatesFor(language: string): LanguageTemplates {
  return TABLES[language] ?? EN;
}

/** Fills `{slot}` placeholders; `{persona:a}` adds the English indefinite article. */
export function fillTemplate(template: string, slots: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)(:a)?\}/g, (_match, name: string, article: string | undefined) => {
    const value = slots[name] ?? '';
    if (!article) return value;
    return `${/^[aeiou]/i.test(value) ? 'an' : 'a'} ${value}`;
  });
}
