// Every interface string of the search page, in Dutch, English and Russian.
// Plain values are templates with {name} placeholders; objects are plural
// forms keyed by Intl.PluralRules categories.
window.HavenI18n = (function () {
  'use strict';

  const SUPPORTED = ['nl', 'en', 'ru'];
  const FALLBACK = 'en';

  const STRINGS = {
    en: {
      docTitle: 'Haven — search asylum guidance',
      tagline: 'Search asylum guidance',
      uiLangLabel: 'Interface language',
      searchLabel: 'Search the guidance',
      placeholder: 'e.g. reception Fedasil, appeal deadline',
      searchButton: 'Search',
      suggestionsLabel: 'Complete:',
      filterLegend: 'Documents in',
      filterAll: 'All',
      langName_nl: 'Dutch',
      langName_en: 'English',
      langName_ru: 'Russian',
      results: { one: '{n} passage', other: '{n} passages' },
      shownOf: '{shown} of {total} passages',
      took: '{ms} ms',
      searching: 'Searching…',
      noResults: 'No passages found for “{q}”.',
      didYouMean: 'Did you mean',
      incomplete: 'The phrase was looked for in the best-ranked passages that hold its words; there may be more.',
      alsoIn: 'Also found in:',
      searchError: 'The search could not be completed: {msg}',
      networkError: 'The search service did not answer. Please try again in a moment.',
      more: 'More results',
      loadingPassage: 'Loading the surrounding passages…',
      passageError: 'The surrounding passages could not be loaded; the passage itself is shown.',
      copy: 'Copy passage',
      copied: 'Copied',
      copyFailed: 'Copying failed — select the text and press Ctrl+C.',
      helpFocus: 'search',
      helpMove: 'move through results',
      helpOpen: 'open passage',
      helpClear: 'clear or close',
    },
    nl: {
      docTitle: 'Haven — zoeken in asielinformatie',
      tagline: 'Zoeken in asielinformatie',
      uiLangLabel: 'Taal van de interface',
      searchLabel: 'Zoek in de documenten',
      placeholder: 'bijv. opvang Fedasil, beroepstermijn',
      searchButton: 'Zoeken',
      suggestionsLabel: 'Aanvullen:',
      filterLegend: 'Documenten in',
      filterAll: 'Alle',
      langName_nl: 'Nederlands',
      langName_en: 'Engels',
      langName_ru: 'Russisch',
      results: { one: '{n} passage', other: '{n} passages' },
      shownOf: '{shown} van {total} passages',
      took: '{ms} ms',
      searching: 'Bezig met zoeken…',
      noResults: 'Geen passages gevonden voor ‘{q}’.',
      didYouMean: 'Bedoelde u',
      incomplete: 'De woordgroep is gezocht in de best passende passages met die woorden; er kunnen er meer zijn.',
      alsoIn: 'Ook gevonden in:',
      searchError: 'Het zoeken is niet gelukt: {msg}',
      networkError: 'De zoekdienst antwoordt niet. Probeer het zo meteen opnieuw.',
      more: 'Meer resultaten',
      loadingPassage: 'Omliggende passages laden…',
      passageError: 'De omliggende passages konden niet worden geladen; de passage zelf staat hieronder.',
      copy: 'Passage kopiëren',
      copied: 'Gekopieerd',
      copyFailed: 'Kopiëren is mislukt — selecteer de tekst en druk op Ctrl+C.',
      helpFocus: 'zoeken',
      helpMove: 'door resultaten gaan',
      helpOpen: 'passage openen',
      helpClear: 'wissen of sluiten',
    },
    ru: {
      docTitle: 'Haven — поиск по материалам об убежище',
      tagline: 'Поиск по материалам об убежище',
      uiLangLabel: 'Язык интерфейса',
      searchLabel: 'Поиск по документам',
      placeholder: 'напр. приём Fedasil, срок обжалования',
      searchButton: 'Найти',
      suggestionsLabel: 'Дополнить:',
      filterLegend: 'Документы на языке',
      filterAll: 'Все',
      langName_nl: 'нидерландский',
      langName_en: 'английский',
      langName_ru: 'русский',
      results: {
        one: '{n} фрагмент',
        few: '{n} фрагмента',
        many: '{n} фрагментов',
        other: '{n} фрагмента',
      },
      shownOf: 'показано {shown} из {total}',
      took: '{ms} мс',
      searching: 'Идёт поиск…',
      noResults: 'По запросу «{q}» ничего не найдено.',
      didYouMean: 'Возможно, вы имели в виду',
      incomplete: 'Фразу искали только в самых подходящих фрагментах с этими словами; совпадений может быть больше.',
      alsoIn: 'Найдено также на языках:',
      searchError: 'Не удалось выполнить поиск: {msg}',
      networkError: 'Поисковая служба не отвечает. Попробуйте ещё раз чуть позже.',
      more: 'Ещё результаты',
      loadingPassage: 'Загрузка соседних фрагментов…',
      passageError: 'Не удалось загрузить соседние фрагменты; показан только сам фрагмент.',
      copy: 'Копировать',
      copied: 'Скопировано',
      copyFailed: 'Не удалось скопировать — выделите текст и нажмите Ctrl+C.',
      helpFocus: 'поиск',
      helpMove: 'перейти по результатам',
      helpOpen: 'открыть фрагмент',
      helpClear: 'очистить или закрыть',
    },
  };

  function fill(template, vars) {
    return template.replace(/\{(\w+)\}/g, (whole, name) =>
      vars && Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole);
  }

  function lookup(lang, key) {
    const table = STRINGS[lang] || STRINGS[FALLBACK];
    if (Object.prototype.hasOwnProperty.call(table, key)) return table[key];
    if (Object.prototype.hasOwnProperty.call(STRINGS[FALLBACK], key)) return STRINGS[FALLBACK][key];
    return key;
  }

  function t(lang, key, vars) {
    const value = lookup(lang, key);
    return typeof value === 'string' ? fill(value, vars) : key;
  }

  function plural(lang, key, count, vars) {
    const forms = lookup(lang, key);
    if (typeof forms !== 'object') return fill(String(forms), vars);
    const category = new Intl.PluralRules(lang).select(count);
    return fill(forms[category] || forms.other, vars);
  }

  // First supported language among the browser's preferences, by primary subtag.
  function pick(preferred) {
    for (const tag of preferred || []) {
      const primary = String(tag).toLowerCase().split('-')[0];
      if (SUPPORTED.includes(primary)) return primary;
    }
    return FALLBACK;
  }

  return { SUPPORTED, t, plural, pick };
})();
