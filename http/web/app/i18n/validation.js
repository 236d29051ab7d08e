// The server's field errors in bokmål, by their `code` (and, where the field says more, by code
// and field). The server writes its messages in English; in English the UI shows them as they are.
// `{n}` is the number the server's message names (a length, say).
export default {
  nb: {
    'validation.required': 'Må fylles ut.',
    'validation.required.amount_granted': 'Innvilget beløp må fylles ut når søknaden er innvilget.',
    'validation.too_long': 'For langt: høyst {n} tegn.',
    'validation.control_character': 'Inneholder tegn som ikke er tillatt her (som tabulator eller linjeskift).',
    'validation.invalid_date': 'Skriv en gyldig dato.',
    'validation.invalid_time': 'Skriv en gyldig dato eller et gyldig tidspunkt.',
    'validation.invalid': 'Ugyldig verdi.',
    'validation.invalid.organisation_number': 'Ikke et gyldig organisasjonsnummer: ni siffer der det siste er kontrollsifferet.',
    'validation.invalid.municipality': 'Et firesifret kommunenummer, for eksempel 3103.',
    'validation.invalid.email': 'Skriv en e-postadresse, for eksempel kari@firma.no.',
    'validation.invalid.phone': 'Bare sifre, mellomrom, + og -, for eksempel +47 912 34 567.',
    'validation.invalid.company_id': 'Velg et registrert selskap.',
    'validation.invalid.role': 'Velg en rolle.',
    'validation.unknown': 'Ukjent verdi: velg en fra listen.',
    'validation.inactive': 'Denne verdien er ikke lenger i bruk: velg en annen.',
    'validation.out_of_range': 'Utenfor det tillatte området.',
    'validation.negative': 'Kan ikke være negativt.',
    'validation.too_large': 'For stort beløp.',
    'validation.duplicate': 'Finnes allerede.',
    'validation.not_granted': 'Bare en innvilget søknad har et innvilget beløp.',
    'validation.wrong_type': 'Feil slags verdi.',
    'validation.weak': 'Passordet er for svakt: det må ha minst {n} tegn.',
    'validation.no_email': 'Kontaktpersonen trenger en e-postadresse for å kunne inviteres.',
  },
};
