import { useEffect, useState } from 'preact/hooks';
import { getLanguage, subscribe, type Lang } from './index';

/** The current interface language; the component re-renders when it changes. */
export function useLanguage(): Lang {
  const [lang, setLang] = useState(getLanguage());
  useEffect(() => {
    // A change between the first render and this effect is not missed.
    if (getLanguage() !== lang) setLang(getLanguage());
    return subscribe(setLang);
  }, []);
  return lang;
}
