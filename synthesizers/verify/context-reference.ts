/**
 * The free pre-check of the verify stage: a question that points at its source ("according
 * to the passage", "in the given text", "文中") makes no sense to a user who has no passage,
 * so it is rejected before any call. One list per language the project writes questions in
 * (the offline templates' languages: en, de, fr, es, zh, ja, ko). Patterns avoid ordinary
 * phrases that share the words: "in the context of", "the passage of the law", "full text
 * search", "im Kontext von".
 */

const PATTERNS: Readonly<Record<string, readonly RegExp[]>> = {
  en: [
    /\b(?:according to|based on|as (?:stated|described|mentioned|shown) in|per) (?:the|this|these|that) (?:given |provided |above |following |preceding )?(?:passages?|contexts?|texts?|documents?|excerpts?|articles?|paragraphs?|sources?|snippets?|information|materials?)\b/,
    /\b(?:in|from|within|by) (?:the|this|these) (?:given |provided |above |following |preceding )?(?:passages?|excerpts?|snippets?)\b(?! of\b)/,
    /\b(?:in|from|within) (?:the|this|these) (?:given |provided |above )?contexts?\b(?! (?:of|window|menu|switch)\b)/,
    /\bthis (?:passage|excerpt|snippet|document|text)\b/,
    /\b(?:the|this) (?:text|passage|paragraph|excerpt|section|document) (?:above|below)\b/,
    /\b(?:the )?above (?:passage|text|context|excerpt|paragraph|document)\b/,
    /\bin the given\b/,
    /\bthe (?:given|provided) (?:passages?|contexts?|texts?|documents?|excerpts?|information|materials?)\b/,
    /\b(?:mentioned|described|stated|discussed) (?:above|in the (?:passage|text|excerpt|context|document))\b/,
    /\bdoes the (?:passage|text|excerpt|author|document) (?:say|state|mention|describe|claim|suggest)\b/,
  ],
  de: [
    /\b(?:laut|gemäß|nach|entsprechend) (?:dem|des|der|diesem|diesen|dieser) (?:obigen |gegebenen |vorliegenden |folgenden )?(?:text(?:es|s)?|abschnitts?|passage|kontexts?|dokuments?|auszugs?|textauszugs?|artikels?)\b/,
    /\b(?:dem|der) (?:obigen |gegebenen |vorliegenden )?(?:text|passage|abschnitt|dokument|auszug) zufolge\b/,
    /\b(?:im|in dem|in diesem|in der|in dieser) (?:obigen |gegebenen |vorliegenden |folgenden )?(?:text|passage|abschnitt|dokument|auszug|textauszug|textabschnitt)\b/,
    /\b(?:im|in dem) (?:gegebenen|vorliegenden|obigen) kontext\b/,
    /\b(?:dieses|diesem) (?:dokument|text)\b/,
    /\bder (?:obige|gegebene|vorliegende) (?:text|abschnitt|kontext)\b/,
  ],
  fr: [
    /\b(?:selon|d['’]après|d['’] ?après|conformément à|suivant) (?:le|la|l['’]|ce|cet|cette|les) ?(?:texte|passage|contexte|document|extrait|article|paragraphe)s?\b/,
    /\bdans (?:le|ce|cet|l['’]) ?(?:texte|passage|extrait|document|paragraphe)s?\b(?! de\b)/,
    /\b(?:le|ce) (?:texte|passage|extrait|document) (?:ci-dessus|ci-dessous|donné|fourni)\b/,
    /\bdans le contexte (?:donné|fourni|ci-dessus)\b/,
    /\b(?:ce|cet) (?:document|extrait|passage)\b/,
  ],
  es: [
    /\b(?:según|de acuerdo con|conforme a|con base en) (?:el|la|este|esta|los|las|lo) (?:texto|pasaje|contexto|documento|fragmento|extracto|artículo|párrafo)s?\b/,
    /\ben (?:el|este|esta|la) (?:texto|pasaje|fragmento|extracto|documento|párrafo)s?\b(?! de\b)/,
    /\b(?:el|este) (?:texto|pasaje|fragmento|extracto|documento) (?:anterior|siguiente|dado|proporcionado)\b/,
    /\ben el contexto (?:dado|proporcionado|anterior)\b/,
    /\b(?:este|esta) (?:documento|fragmento|pasaje)\b/,
  ],
  zh: [
    /根据(?:上文|以上|本文|文中|原文|文本|段落|上下文|材料|这段|该段|此段|这篇|该文|所给|给定|上述|提供的)/,
    /(?:(?<![中英日])文中|上文|本文|原文(?!件)|这段文字|该段落|这篇文章|这段话|此段|材料中)/,
    /(?:给定|所给|提供)的(?:文本|段落|上下文|材料|文章)/,
  ],
  ja: [
    /(?:本文|この文章|この文書|この資料|この段落|この一節|上記の(?:文章|テキスト|文|資料)|(?<![中英和])文中|与えられた(?:文章|テキスト|文脈|資料))/,
    /(?:文章|文脈|テキスト|本文|資料|文書)によると/,
  ],
  ko: [
    /(?:본문|지문|이 글|위 글|위의 (?:글|텍스트|문단|내용)|이 문서|이 문단|주어진 (?:글|텍스트|문맥|맥락|자료))/,
    /(?:글|본문|지문|문단|텍스트|자료|문서)에 (?:따르면|의하면)/,
  ],
};

export const CONTEXT_REFERENCE_LANGUAGES = Object.keys(PATTERNS);

/**
 * The phrase in `question` that refers to its source text, or undefined. Every language's
 * list is tried, whatever the question's language: a phrase of one language never occurs by
 * chance in a question of another, and mixed-language corpora need no detection step.
 */
export function contextReference(question: string): string | undefined {
  const text = question.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
  for (const patterns of Object.values(PATTERNS)) {
    for (const pattern of patterns) {
      const match = pattern.exec(text);
      if (match) return match[0];
    }
  }
  return undefined;
}
