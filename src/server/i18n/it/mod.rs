//! Italiano: la lingua del portale e dei suoi manuali.

pub mod mail;

/// Le parole delle pagine web (quelle del manuale, dove il manuale le dà).
pub static UI: super::Ui = super::Ui {
    lang: "it",
    portal: "Portale clienti",
    skip_to_content: "Vai al contenuto",
    language: "Lingua",
    change: "Cambia",
    error_prefix: "Errore",
    there_is_a_problem: "C'è un problema",
    sign_in_title: "Accedi al portale clienti",
    sign_in: "Accedi",
    sign_out: "Esci",
    account_label: "Account",
    account_hint: "Il tuo account (l'Amministratore accede con il codice cliente)",
    password_label: "Password",
    forgot_password: "Hai dimenticato la password? Clicca qui!",
    signed_out: "Sei uscito dal portale.",
    session_ended: "La sessione è terminata: accedi di nuovo.",
    home: "Home",
    welcome: "Benvenuto",
    menu: "Menu",
    package_title: "Il tuo residuo pacchetto SMART",
    no_package: "Non ci sono pacchetti SMART disponibili",
    minutes: "minuti",
    enter_account: "Inserisci il tuo account",
    enter_password: "Inserisci la tua password",
    not_found_title: "Pagina non trovata",
    not_found_text: "A questo indirizzo non c'è nessuna pagina.",
    back_home: "Torna alla home",
    refused_title: "Richiesta rifiutata",
    refused_text: "Il modulo non viene da una pagina di questo portale, o è scaduto: torna indietro, ricarica la pagina e riprova.",
    forgot_title: "Hai dimenticato la password?",
    forgot_intro: "Inserisci il tuo account: all'indirizzo e-mail dell'account arriva un codice, valido una sola volta, per scegliere una nuova password.",
    send_code: "Invia il codice",
    have_a_code: "Ho già un codice",
    code_sent: "Se l'account esiste, all'indirizzo e-mail dell'account è stato inviato un codice: incollalo qui sotto.",
    reset_title: "Scegli una nuova password",
    reset_intro: "Incolla il codice ricevuto per e-mail (un codice di reimpostazione, o il codice di invito di un nuovo account) e scegli la tua password.",
    code_label: "Codice ricevuto per e-mail",
    code_hint: "Inizia con lhs_r_ o lhs_i_",
    enter_code: "Inserisci il codice ricevuto per e-mail",
    new_password_label: "Nuova password",
    password_rule: "Almeno 8 caratteri, con lettere e cifre",
    confirm_label: "Conferma la nuova password",
    enter_new_password: "Inserisci la nuova password",
    passwords_differ: "Le due password sono diverse: scrivi due volte la stessa",
    set_password: "Salva la password",
    ask_a_code: "Chiedi un nuovo codice",
    password_set: "La password è impostata: accedi con la nuova password.",
    change_title: "Cambia la password",
    change_forced: "Prima di continuare scegli la tua password: quella che ti è stata assegnata va cambiata.",
    current_password_label: "Password attuale",
    section_support: "Assistenza online",
    tickets_title: "Gestione Ticket Web",
    new_ticket: "Inserisci nuovo ticket",
    state_label: "Stato",
    from_label: "Da data",
    to_label: "A data",
    search_label: "Ricerca libera",
    apply_filters: "Applica i filtri",
    active_filters: "Filtri attivi",
    remove_filter: "Rimuovi il filtro",
    no_tickets: "Nessun ticket corrisponde a questi filtri.",
    col_number: "Numero ticket",
    col_created: "Data creazione",
    col_user: "Utente",
    col_technician: "Tecnico",
    col_closed: "Data chiusura",
    col_state: "Stato",
    col_section: "Sezione",
    col_subject: "Oggetto",
    col_minutes: "Min S.O.L.",
    col_priority: "Priorità",
    col_details: "Dettagli",
    close_ticket: "Chiudi ticket",
    pages: "Pagine",
    previous_page: "Pagina precedente",
    next_page: "Pagina successiva",
    ticket_closed: "Ticket {n} chiuso.",
    date_format: "Inserisci la data come giorno, mese e anno (per esempio 31/12/2026)",
    ticket_word: "Ticket",
    customer_label: "Cliente",
    notify_label: "E-mail di notifica ticket",
    description_label: "Descrizione",
    ok_resolved: "Ok, risolto",
    reopen: "Riapri",
    reopen_why: "Perché (facoltativo)",
    attachments_label: "Allegati",
    no_attachments: "Nessun allegato.",
    comments_label: "Commenti",
    no_comments: "Ancora nessun commento.",
    add_comment: "Aggiungi un commento",
    send_comment: "Invia il commento",
    enter_comment: "Scrivi il commento",
    reply_word: "risposta",
    back_to_list: "Ritorna alla lista",
    comment_added: "Commento aggiunto.",
    ticket_reopened: "Ticket riaperto.",
    ticket_closed_here: "Ticket chiuso: grazie.",
    notice_word: "AVVISO:",
    one_problem: "apri un ticket per ogni problema: un ticket con più problemi è più difficile da seguire e da chiudere.",
    notify_hint: "Un altro indirizzo che riceve le e-mail di questo ticket (facoltativo)",
    section_choice: "Macro area › Area › Sezione",
    section_hint: "Solo le sezioni del tuo contratto",
    choose: "Scegli…",
    notices_title: "Avvisi dell'assistenza",
    add_attachments: "Aggiungi allegati",
    attachment_rules: "Fino a 3 file: JPG, JPEG, PNG, PDF, XML o ZIP, al massimo 1000 KB ciascuno",
    cancel: "Annulla",
    send_ticket: "Invia ticket",
    choose_section: "Scegli la sezione della richiesta",
    enter_subject: "Scrivi l'oggetto",
    enter_description: "Descrivi il problema",
    upload_failed: "I file non sono arrivati interi: sceglili di nuovo",
    ticket_opened: "Ticket inserito: il numero è nel titolo. L'assistenza lo prenderà in carico.",
    users_title: "Gestione utenti",
    insert: "Inserisci",
    insert_user: "Inserisci un utente",
    search_button: "Cerca",
    no_users: "Nessun utente corrisponde.",
    surname_label: "Cognome",
    name_label: "Nome",
    role_label: "Ruolo",
    role_user: "Utente operativo",
    username_label: "UserName",
    active_label: "Attivo",
    yes: "sì",
    no: "no",
    account_rule: "Da 2 a 64 lettere, cifre, `.`, `_` o `-` (per esempio rossi.mario)",
    initial_password: "Password iniziale (facoltativa)",
    initial_password_hint: "Almeno 8 caratteri con lettere e cifre; l'utente la cambia al primo accesso. Senza, l'utente riceve per e-mail un invito a sceglierla.",
    permissions_title: "Permessi",
    area_label: "Area",
    read_label: "Lettura",
    advanced_label: "Avanzate",
    support_none: "Nessun ticket",
    support_own: "Vede solo i ticket che lui stesso ha creato",
    support_all: "Può vedere tutti i ticket",
    purchases: "Acquisti (Store)",
    user_created: "Utente {account} creato: gli è stata inviata per e-mail la sua configurazione.",
    profile_title: "Profilo",
    role_admin: "Amministratore",
    role_staff: "Help desk",
    tokens_title: "Token API personali",
    tokens_intro: "Per la riga di comando e i job di CI: un token agisce come te, con i tuoi permessi. Per accedere invece da un terminale:",
    no_tokens: "Non hai token personali.",
    token_name: "Nome del token",
    token_name_hint: "A cosa serve, per esempio il job di CI che apre i ticket",
    token_expires: "Scade",
    token_state: "Stato",
    token_live: "attivo",
    token_revoked: "revocato",
    token_expired: "scaduto",
    revoke: "Revoca",
    create_token: "Crea un token",
    token_label: "Nuovo token",
    token_shown_once: "Copia il token adesso: viene mostrato solo questa volta.",
    token_revoked_notice: "Token revocato.",
    upload: "Carica",
    choose_files: "Scegli almeno un file",
    files_attached: "Allegati aggiunti.",
    edit_user: "Modifica l'utente",
    save: "Salva",
    set_password_label: "Nuova password (facoltativa)",
    send_reset: "Invia il reset della password",
    user_saved: "Salvato.",
    reset_sent: "All'utente è stato inviato per e-mail un codice per scegliere una nuova password.",
    import_title: "Importa utenti da un file CSV",
    import_intro: "Il file di `lhs users import`: una riga di intestazione (nome, cognome, email, account; facoltativi password, attivo, lingua e una colonna per area di permesso), separata da `,` o `;`. L'anteprima mostra l'esito di ogni riga prima di scrivere qualcosa.",
    import_rows: "Righe del file",
    row_label: "Riga",
    outcome_label: "Esito",
    detail_label: "Dettaglio",
    csv_file: "File CSV",
    csv_hint: "UTF-8, UTF-16 o il CSV di Excel",
    update_existing: "Aggiorna gli utenti che esistono e sono diversi",
    preview: "Anteprima",
    import_button: "Importa",
    export_csv: "Esporta gli utenti (CSV)",
    choose_csv: "Scegli il file CSV",
    outcome_create: "da creare",
    outcome_update: "da aggiornare",
    outcome_unchanged: "invariato",
    outcome_skip: "saltato",
    outcome_error: "errore",
    outcome_created: "creato",
    outcome_updated: "aggiornato",
    import_differs: "esiste con un diverso {fields}; spunta l'aggiornamento per applicare il file",
    import_invalid: "{n} righe non sono valide: non è stato scritto niente. Correggile e rifai l'anteprima.",
    import_preview: "Anteprima: {create} da creare, {update} da aggiornare, {unchanged} invariati, {skip} saltati. Non è stato scritto niente.",
    import_done: "{created} creati, {updated} aggiornati, {failed} non riusciti.",
    no_items: "Qui non c'è niente che corrisponda.",
    files_word: "file",
    detail_needs: "Il tuo permesso mostra titoli e riassunti: per aprire gli elementi chiedi all'Amministratore della tua azienda il livello avanzato.",
    watch_video: "Guarda il video",
    courses_upcoming: "Calendario",
    courses_mine: "I miei corsi",
    date_label: "Data",
    course_label: "Corso",
    seats_left: "Posti liberi",
    seats_of: "{left} su {seats}",
    enrolled_badge: "Iscritto",
    full_badge: "Completo",
    enrol: "Iscriviti",
    withdraw: "Ritira l'iscrizione",
    enrolled_notice: "Sei iscritto al corso «{title}».",
    withdrawn_notice: "Hai ritirato l'iscrizione al corso «{title}».",
    enrol_needs: "Il tuo permesso mostra il calendario: per iscriverti chiedi all'Amministratore della tua azienda il livello avanzato.",
    no_courses: "Nessun corso in calendario.",
    no_my_courses: "Non sei iscritto a nessun corso.",
    product_label: "Prodotto",
    version_label: "Versione",
    release_notes: "Note di rilascio",
    files_label: "File",
    size_label: "Dimensione",
    download: "Scarica",
    sha256_hint: "Prima di installare, confronta l'impronta SHA-256 del file scaricato con quella qui sotto (per esempio con sha256sum o Get-FileHash).",
    no_updates: "Nessun aggiornamento corrisponde.",
    contract_title: "Contratto",
    contract_hint: "Le sezioni del catalogo per cui i suoi utenti possono aprire ticket.",
    add_customer: "Aggiungi un cliente",
    customer_code_hint: "Da 2 a 32 lettere e cifre (per esempio C0042): è anche l'account del suo Amministratore",
    company_name_label: "Ragione sociale",
    admin_email_label: "E-mail dell'Amministratore",
    admin_email_hint: "Riceve il codice di invito per scegliere la password",
    desk_orders: "Ordini dello Store",
    confirm_order: "Conferma",
    reject_order: "Rifiuta",
    enter_reason: "Scrivi il motivo del rifiuto: lo riceve l'acquirente",
    order_decided: "Ordine {n} deciso: l'acquirente è stato avvisato.",
    desk_customers: "Clienti",
    standing_label: "Posizione",
    standing_ok: "Regolare",
    standing_temporary: "Accesso abilitato temporaneamente",
    standing_suspended: "Sospeso: accesso bloccato",
    standing_message: "Testo del banner o del rifiuto (facoltativo)",
    standing_hint: "Senza testo, il banner del manuale: «Accesso abilitato temporaneamente. Vi invitiamo a regolare la vostra posizione.»",
    grant_minutes: "Minuti da accreditare o togliere",
    grant_button: "Accredita",
    enter_grant: "Inserisci i minuti come numero intero: da 1 a 1.000.000 per accreditarli, da -1 a -1.000.000 per toglierli",
    movements_caption: "Movimenti del pacchetto SMART",
    by_label: "Da",
    desk_mail: "Posta",
    mail_caption: "Le e-mail del portale, le più recenti prima",
    mail_pending: "In coda",
    mail_sent: "Inviate",
    mail_failed: "Non riuscite",
    mail_to: "Destinatario",
    mail_attempts: "Tentativi",
    mail_error: "Errore",
    mail_sent_at: "Inviata",
    retry: "Riprova",
    retry_all_failed: "Riprova tutte le non riuscite",
    no_mail: "Nessuna e-mail.",
    mail_requeued: "{n} e-mail rimesse in coda.",
    live_changed: "Il ticket è cambiato mentre scrivevi: ricarica la pagina per vederlo (copia prima il testo).",
    desk_queue: "Coda",
    desk_queue_caption: "I ticket di tutti i clienti, dal più vecchio in attesa",
    desk_link: "Coda del help desk",
    col_waiting: "In attesa da",
    customer_code_label: "Codice cliente",
    tech_all: "Tutti",
    tech_mine: "I miei",
    tech_nobody: "Nessuno (Inserito)",
    take: "Prendi in carico",
    desk_taken: "Ticket preso in carico: sei il tecnico.",
    desk_answered: "Risposta inviata: il cliente è stato avvisato e i minuti addebitati.",
    balance_label: "Residuo SMART",
    reply_label: "Risposta al cliente",
    enter_reply: "Scrivi la risposta",
    minutes_spent: "Minuti impiegati (Min S.O.L.)",
    minutes_hint: "Addebitati al pacchetto SMART del cliente; residuo:",
    enter_minutes: "Inserisci i minuti come numero intero (0 se non si addebita niente)",
    allow_overdraft: "Consenti che il residuo vada sotto zero",
    send_reply: "Invia la risposta",
    change_priority: "Cambia",
    unknown_state: "Lo stato «{value}» non esiste: scegli tra Inserito, In carico, Risposto e Chiuso",
    language_hint: "delle pagine e delle e-mail; la cambi in alto in ogni pagina",
    macro_area_label: "Macro area",
    drop_files: "Trascina qui i file, o scegli",
    suggest_title: "Prima di inviare",
    suggest_hint: "Mentre scrivi oggetto e descrizione, qui compaiono le FAQ e i documenti che ne parlano: forse la risposta c'è già.",
    suggest_button: "Cerca nelle FAQ e nei documenti",
    suggestions_found: "Potrebbero esserti utili:",
    no_suggestions: "Nessuna FAQ o documento corrisponde a quello che hai scritto.",
    new_tab: "si apre in una nuova scheda",
    enter_name: "Inserisci il nome",
    enter_surname: "Inserisci il cognome",
    enter_email: "Inserisci l'indirizzo e-mail",
    enter_user_account: "Inserisci l'account dell'utente (per esempio rossi.mario)",
    download_needs: "Il tuo permesso mostra l'elenco e le note di rilascio: per scaricare i file chiedi all'Amministratore della tua azienda il permesso Download.",
    packages_title: "Pacchetti SMART in vendita",
    package_label: "Pacchetto",
    minutes_label: "Minuti",
    price_label: "Prezzo",
    buy: "Acquista",
    buy_title: "Conferma l'acquisto",
    buy_text: "Stai ordinando «{name}»: {minutes} minuti di assistenza per {price}. L'assistenza conferma l'ordine e aggiunge i minuti al pacchetto SMART della tua azienda.",
    place_order: "Conferma l'ordine",
    orders_title: "Ordini",
    order_label: "Ordine",
    buyer_label: "Acquirente",
    reason_label: "Motivo",
    order_pending: "In attesa",
    order_confirmed: "Confermato",
    order_rejected: "Rifiutato",
    ordered_notice: "Ordine {n} inviato: attende la conferma dell'assistenza.",
    buy_needs: "Per acquistare serve il permesso Acquisti: chiedilo all'Amministratore della tua azienda.",
    no_packages: "Nessun pacchetto è in vendita.",
    no_orders: "Nessun ordine.",
    desk_staff: "Tecnici",
    staff_caption: "I tecnici dell'help desk",
    add_technician: "Aggiungi un tecnico",
    technician_added: "Tecnico {account} aggiunto: riceve per e-mail un invito a scegliere la password.",
    staff_admin_label: "Amministratore dell'help desk",
    staff_admin_hint: "Gestisce anche clienti, catalogo, contratti e tecnici",
    role_technician: "Tecnico",
    state_active: "Attivo",
    state_disabled: "Disattivato",
    invitation_pending: "Invito in attesa",
    disable: "Disattiva",
    enable: "Riattiva",
    make_admin: "Rendi amministratore",
    drop_admin: "Togli amministratore",
    staff_only_admins: "Solo gli amministratori dell'help desk aggiungono e modificano i tecnici.",
    you_label: "(tu)",
    actions_label: "Azioni",
    technician_saved: "Tecnico {account} aggiornato.",
    invitation_sent: "A {account} è stato inviato per e-mail un codice per scegliere la password.",
    enter_staff_account: "Inserisci l'account del tecnico (per esempio bianchi.luca)",
    desk_catalog: "Catalogo",
    catalog_intro: "Macro aree, aree e sezioni tra cui i clienti scelgono aprendo un ticket (solo quelle del loro contratto). L'avviso di un nodo compare nel modulo del nuovo ticket quando lo si sceglie.",
    area_word: "Area",
    section_word: "Sezione",
    no_notice: "Nessun avviso.",
    edit_notice: "Modifica l'avviso",
    notice_label: "Avviso",
    notice_hint: "Al massimo 500 caratteri; vuoto toglie l'avviso.",
    notice_saved: "Avviso salvato.",
    add_section: "Aggiungi una sezione",
    add_section_hint: "La macro area e l'area vengono create se non esistono; poi la sezione si abilita nel contratto di ogni cliente che la usa.",
    section_added: "Sezione aggiunta al catalogo.",
    catalog_admins_only: "Solo gli amministratori dell'help desk modificano il catalogo.",
    enter_macro_area: "Inserisci la macro area",
    enter_area: "Inserisci l'area",
    enter_section: "Inserisci la sezione",
    desk_stats: "Statistiche",
    stats_period: "Periodo",
    stats_weeks_option: "ultime {n} settimane",
    show_button: "Mostra",
    stats_since: "Dal {since} al {until} (settimane da lunedì a domenica, UTC).",
    median_first_answer: "Mediana del tempo alla prima risposta",
    median_close: "Mediana del tempo alla chiusura",
    stats_weekly_title: "Ticket aperti e chiusi per settimana",
    stats_weekly_chart: "Grafico dei ticket aperti e chiusi per settimana; i valori sono nella tabella che segue.",
    col_week: "Settimana dal",
    col_opened: "Aperti",
    col_closed_count: "Chiusi",
    stats_minutes_title: "Minuti SMART spesi per cliente e mese",
    stats_minutes_chart: "Grafico dei minuti SMART spesi da ogni cliente nel periodo; i valori sono nella tabella che segue.",
    col_month: "Mese",
    no_minutes_spent: "Nessun minuto SMART speso nel periodo.",
    stats_queue_title: "Età della coda",
    stats_queue_intro: "I ticket che aspettano l'help desk adesso, per quanto tempo fa sono stati aperti.",
    stats_queue_chart: "Grafico dei ticket in attesa per età; i valori sono nella tabella che segue.",
    col_age: "Aperto da",
    age_under_1h: "meno di 1 ora",
    age_1h_8h: "da 1 a 8 ore",
    age_8h_24h: "da 8 a 24 ore",
    age_1d_3d: "da 1 a 3 giorni",
    age_3d_7d: "da 3 a 7 giorni",
    age_over_7d: "oltre 7 giorni",
    stats_cli_hint: "Gli stessi dati in CSV o JSON, dalla riga di comando:",
    total_label: "Totale",
    desk_store: "Store",
    store_orders_tab: "Ordini",
    store_packages_tab: "Pacchetti in vendita",
    package_code_label: "Codice del pacchetto",
    package_code_hint: "Da 2 a 32 lettere, cifre o trattini, per esempio SMART-600; non si cambia più.",
    price_euro_label: "Prezzo in euro",
    enter_price: "Inserisci il prezzo in euro, con al massimo due decimali (per esempio 99 o 99,50)",
    enter_package_minutes: "Inserisci i minuti come numero intero, da 1 a 1.000.000",
    enter_package_name: "Inserisci il nome del pacchetto",
    on_sale_label: "In vendita",
    withdrawn_label: "Ritirato dalla vendita",
    add_package: "Metti in vendita un pacchetto",
    edit_word: "Modifica",
    package_saved: "Pacchetto {code} salvato.",
    package_added: "Pacchetto {code} messo in vendita.",
    packages_caption: "I pacchetti SMART dello Store, anche quelli ritirati",
    orders_keep_price: "Gli ordini già fatti mantengono i minuti e il prezzo di quando sono stati fatti.",
    desk_contents: "Contenuti",
    contents_intro: "I contenuti delle aree di lettura, anche quelli ritirati. Ogni cliente vede solo quelli destinati a lui e solo se il suo permesso per l'area lo consente.",
    new_item: "Pubblica un nuovo contenuto",
    edit_item: "Modifica il contenuto",
    title_label: "Titolo",
    summary_label: "Sommario (facoltativo)",
    summary_hint: "Quello che vede chi ha solo il permesso di lettura; al massimo 2.000 caratteri.",
    body_label: "Testo",
    video_url_label: "Indirizzo del video (facoltativo)",
    duration_label: "Durata in secondi (facoltativa)",
    audience_label: "Chi lo vede",
    audience_all: "Tutti i clienti",
    audience_customers: "Solo questi clienti",
    audience_customers_label: "Codici cliente",
    audience_customers_hint: "Separati da virgole o spazi, per esempio C0001, C0002",
    audience_contract: "I clienti il cui contratto comprende la macro area (e l'area, se indicata)",
    area_optional: "Area (facoltativa)",
    published_state: "Pubblicato",
    unpublished_state: "Ritirato",
    unpublish: "Ritira",
    item_published: "«{title}» pubblicato.",
    item_saved: "Modifiche salvate.",
    item_unpublished: "Contenuto ritirato: i clienti non lo vedono più.",
    content_files_hint: "Fino a 5 file di 5 MB ciascuno: PDF, ZIP, PNG, JPG, XML, TXT, CSV, DOCX, XLSX.",
    files_fixed_note: "I file non si cambiano dopo la pubblicazione: per altri file pubblica un nuovo contenuto e ritira questo.",
    enter_title: "Inserisci il titolo",
    enter_body: "Inserisci il testo",
    enter_customer_codes: "Inserisci almeno un codice cliente",
    publish_button: "Pubblica",
    view_as_customer: "Apri nell'area",
    desk_updates: "Aggiornamenti",
    updates_desk_intro: "Le versioni pubblicate dei prodotti (le macro aree del catalogo), anche quelle ritirate. I clienti le vedono secondo il loro contratto e il loro permesso.",
    publish_update: "Pubblica un aggiornamento",
    notes_label: "Note di rilascio",
    version_hint: "Lettere, cifre e . _ + -, per esempio 2026.2 o 5.1.0-rc1",
    update_files_hint: "Da 1 a 10 file di qualsiasi tipo, fino a 4 GiB ciascuno, salvati mentre arrivano. Con JavaScript una barra mostra l'avanzamento; senza, lo mostra il browser.",
    enter_version: "Inserisci la versione",
    enter_notes: "Scrivi le note di rilascio",
    update_published: "Aggiornamento {what} pubblicato.",
    update_unpublished: "Aggiornamento ritirato: i clienti non lo vedono più.",
    upload_progress: "Invio dei file",
    files_again: "Scegli di nuovo i file: non sono stati salvati.",
    desk_courses: "Corsi",
    courses_desk_intro: "I corsi in calendario. Si iscrivono gli utenti dei clienti abbonati ai corsi, con il permesso Corsi avanzato.",
    add_course: "Aggiungi un corso",
    course_title_label: "Titolo del corso",
    course_description_label: "Descrizione (facoltativa)",
    course_date_label: "Giorno",
    course_time_label: "Ora di inizio",
    course_time_hint: "Ora del server ({zone}).",
    seats_label: "Posti",
    enter_course_title: "Inserisci il titolo del corso",
    enter_course_start: "Inserisci giorno e ora di inizio, nel futuro (per esempio 15/01/2027 e 09:30)",
    enter_seats: "Inserisci i posti come numero intero, da 1 a 10.000",
    course_added: "Corso «{title}» aggiunto al calendario.",
    enrolments_title: "Iscritti",
    no_enrolments: "Nessuno si è ancora iscritto.",
    col_starts: "Inizio",
    enrolled_at_label: "Iscritto il",
    courses_subscription_title: "Abbonamento ai corsi",
    courses_subscription_on: "Abbonato: gli utenti con il permesso Corsi avanzato si iscrivono ai corsi",
    courses_subscription_off: "Non abbonato: gli utenti vedono il calendario ma non si iscrivono",
    grant_hint: "Un numero positivo accredita i minuti; uno negativo li toglie (una correzione, che richiede il motivo).",
    notified_label: "Notifiche al cliente",
    states: ["Inserito", "In carico", "Risposto", "Chiuso"],
    priorities: ["Normale", "Bloccante", "Priority"],
    sections: [
        "Profilo",
        "Utenti",
        "Aggiornamenti software",
        "Corsi on-line",
        "Assistenza online",
        "Documenti tecnici",
        "Video",
        "Informative fiscali",
        "News tecniche",
        "News commerciali",
        "FAQ",
        "Store",
    ],
};

use super::Surface;
use crate::domain::ticket::{Refusal, TicketState};
use crate::domain::validate::{FileProblem, Invalid, NameProblem};
use crate::server::service::error::{
    Attempts, CompanyTask, Error, Missing, Published, Reach, Reason, StaffTask, TokenProblem,
};
use crate::server::store::Unique;

/// The state as the portal's screens name it.
fn stato(s: TicketState) -> &'static str {
    s.label()
}

pub fn problem(e: &Error, surface: Surface) -> String {
    let api = surface == Surface::Api;
    match e {
        Error::Token(TokenProblem::Invalid) => "il token non è valido".into(),
        Error::Token(TokenProblem::Revoked) => {
            "il token è stato revocato (uscita, password cambiata, o revocato dal suo titolare)"
                .into()
        }
        Error::Token(TokenProblem::Expired) => "il token è scaduto".into(),
        Error::InvalidCredentials => "account o password errati".into(),
        Error::LoginDisabled => {
            "questo account è disattivato; rivolgiti all'Amministratore della tua azienda".into()
        }
        Error::Suspended { customer, message } => format!(
            "l'accesso per {} è sospeso{}; contatta l'help desk",
            customer.as_deref().unwrap_or("la tua azienda"),
            message
                .as_deref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default()
        ),
        Error::PasswordChangeRequired => format!(
            "prima devi scegliere la tua password{}",
            if api {
                " (POST /api/v1/auth/password, o `lhs passwd`)"
            } else {
                ""
            }
        ),
        Error::SamePassword => "la nuova password deve essere diversa da quella attuale".into(),
        Error::WrongCurrentPassword => "la password attuale è errata".into(),
        Error::CodeRefused => format!(
            "il codice non è valido, è scaduto o è già stato usato; chiedine uno nuovo{}",
            if api { " (`lhs password forgot`)" } else { "" }
        ),
        Error::TooMany { what, wait } => format!(
            "{}; riprova tra {wait} secondi",
            match what {
                Attempts::FailedLogins => "troppi accessi non riusciti",
                Attempts::WrongPasswords => "troppe password errate",
                Attempts::ResetRequests => "troppe richieste di reset",
                Attempts::WrongCodes => "troppi codici errati",
            }
        ),
        Error::Busy => {
            "il server è occupato con altre operazioni sulle password; riprova tra poco".into()
        }
        Error::StaffOnly(task) => match task {
            StaffTask::Any => "solo il personale dell'help desk può farlo".into(),
            StaffTask::PublishContents => "solo l'help desk pubblica nelle aree del portale".into(),
            StaffTask::PublishUpdates => {
                "solo l'help desk pubblica gli aggiornamenti software".into()
            }
            StaffTask::ManageStore => {
                "solo l'help desk gestisce i pacchetti dello Store e decide gli ordini".into()
            }
            StaffTask::ManageCourses => {
                "solo l'help desk aggiunge i corsi e ne legge le iscrizioni".into()
            }
            StaffTask::FilterByCustomer => "solo il personale può filtrare per cliente".into(),
        },
        Error::StaffAdminOnly => {
            "solo gli amministratori dell'help desk gestiscono clienti, catalogo, contratti e tecnici".into()
        }
        Error::AdminOnly => "solo l'Amministratore dell'azienda può gestire gli utenti".into(),
        Error::AdminOnlyCreates => {
            "gli utenti operativi li crea l'Amministratore della loro azienda".into()
        }
        Error::AccountTaken(account) => format!("l'account `{account}` è già in uso"),
        Error::StaffCannotSetPasswords => format!(
            "il personale non può impostare la password di un utente: ognuno sceglie la propria; invia invece un reset{}",
            if api {
                " (`lhs users reset-password ACCOUNT`)"
            } else {
                ""
            }
        ),
        Error::OwnStaffAccount => "non puoi disattivare il tuo account né togliere a te stesso il ruolo di amministratore: può farlo un altro amministratore".into(),
        Error::AccountDisabled(account) => {
            format!("`{account}` è disattivato: prima riattivalo")
        }
        Error::CustomerExists(code) => format!("esiste già un cliente con codice `{code}`"),
        Error::CodeIsAnAccount(code) => {
            format!("`{code}` è già l'account di un utente; scegli un altro codice cliente")
        }
        Error::NotInCatalog(unknown) => format!(
            "non sono nel catalogo: {}; prima aggiungile{}",
            unknown.join("; "),
            if api {
                " (POST /api/v1/catalog/sections)"
            } else {
                ""
            }
        ),
        Error::NeedsPermission {
            reach: Reach::Buying,
            permission,
        } => format!(
            "gli acquisti e gli ordini dell'azienda richiedono il permesso {permission}; chiedilo all'Amministratore della tua azienda"
        ),
        Error::NeedsPermission { reach, permission } => format!(
            "{} richiede il permesso {permission}; chiedilo all'Amministratore della tua azienda",
            match reach {
                Reach::Area(k) => format!("l'area {}", k.label()),
                Reach::OpenItems(k) => format!("aprire gli elementi di {}", k.label()),
                Reach::Courses => "l'area Corsi on-line".into(),
                Reach::Enrolling => "l'iscrizione ai corsi".into(),
                Reach::Updates => "l'area Aggiornamenti software".into(),
                Reach::DownloadingUpdates => "scaricare gli aggiornamenti software".into(),
                Reach::Buying => unreachable!("worded above"),
            }
        ),
        Error::CompanyUsersOnly(CompanyTask::EnrolCourses) => {
            "ai corsi si iscrivono solo gli utenti dei clienti".into()
        }
        Error::CompanyUsersOnly(CompanyTask::BuyPackages) => {
            "l'help desk non acquista pacchetti; li acquistano i clienti".into()
        }
        Error::NoCoursesSubscription => {
            "la tua azienda non ha l'abbonamento ai corsi; chiedi all'help desk di attivarlo".into()
        }
        Error::AlreadyEnrolled(id) => format!("sei già iscritto al corso {id}"),
        Error::CourseStarted { id, withdrawing } => format!(
            "il corso {id} è già iniziato{}",
            if *withdrawing {
                ": l'iscrizione resta"
            } else {
                ""
            }
        ),
        Error::CourseFull(id) => format!("il corso {id} non ha più posti"),
        Error::NotEnrolled(id) => format!("non sei iscritto al corso {id}"),
        Error::PackageExists(code) => format!(
            "esiste già un pacchetto `{code}`{}",
            if api {
                "; modificalo con `lhs desk store packages edit`"
            } else {
                ""
            }
        ),
        Error::OrderDecided { id, status } => format!(
            "l'ordine {id} è già {}",
            match status.as_str() {
                "confirmed" => "confermato",
                "rejected" => "rifiutato",
                other => other,
            }
        ),
        Error::AlreadyUnpublished(Published::Content { kind, id }) => {
            format!("l'elemento {id} di {} è già ritirato", kind.label())
        }
        Error::AlreadyUnpublished(Published::Update(id)) => {
            format!("l'aggiornamento software {id} è già ritirato")
        }
        Error::UnknownCustomers(unknown) => format!(
            "nessun cliente {}{}",
            unknown
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if api {
                "; vedi `lhs desk customers list`"
            } else {
                ""
            }
        ),
        Error::UnknownCatalogNode(path) => format!(
            "nessuna voce del catalogo `{path}`{}",
            if api { "; vedi `lhs catalog`" } else { "" }
        ),
        Error::UnknownProduct(p) => format!(
            "nessun prodotto `{p}` nel catalogo{}",
            if api { "; vedi `lhs catalog`" } else { "" }
        ),
        Error::VersionExists { product, version } => {
            format!("{product} {version} è già pubblicato")
        }
        Error::FileTooLarge { name, limit_gib } => {
            format!("`{name}` supera il limite di {limit_gib} GiB per file")
        }
        Error::MailSent(id) => format!("la mail {id} è già stata inviata"),
        Error::MailCodeExpired(id) => {
            format!("la mail {id} conteneva un codice scaduto; l'utente deve chiederne uno nuovo")
        }
        Error::StaffHaveNoPackage => format!(
            "il personale non ha un pacchetto proprio{}",
            if api {
                ": usa GET /api/v1/customers/{code}/package"
            } else {
                ""
            }
        ),
        Error::AdminCannotManageTickets => format!(
            "l'utente Amministratore non può aprire né gestire ticket: accedi come utente operativo (l'Amministratore li crea {})",
            if api {
                "con `lhs users add`"
            } else {
                "in Gestione utenti"
            }
        ),
        Error::PermissionOff { area } => format!(
            "il tuo permesso `{area}` è disattivato: chiedi all'Amministratore della tua azienda di abilitarlo"
        ),
        Error::ReadOnlyCannotOpen => {
            "il tuo permesso `assistenza` è in sola lettura: non puoi aprire ticket".into()
        }
        Error::CustomersOnly => "i ticket li aprono gli utenti operativi dei clienti".into(),
        Error::Transition { refusal, .. } => rifiuto(*refusal, api),
        Error::SectionNotInContract(p) => {
            let mut s = format!(
                "`{} › {} › {}` non è abilitata nel tuo contratto",
                p.macro_area, p.area, p.section
            );
            if api {
                s.push_str("; le sezioni abilitate sono in `lhs catalog` (GET /api/v1/catalog)");
            }
            s
        }
        Error::ReopenWindowPassed {
            number,
            closed_at,
            until,
        } => {
            let why = if until.is_none() {
                "questo server non riapre i ticket".to_owned()
            } else {
                format!(
                    "è stato chiuso il {closed_at}, oltre il periodo in cui il server lo riapre"
                )
            };
            format!("il ticket {number} non può essere riaperto: {why}; apri un nuovo ticket")
        }
        Error::TicketChanged(n) => format!(
            "il ticket {n} è cambiato mentre lo guardavi (un altro tecnico o il cliente): non è stato fatto niente; guarda com'è ora e riprova se serve"
        ),
        Error::InsufficientBalance {
            customer,
            balance,
            requested,
        } => format!(
            "al cliente {customer} restano {balance} minuti SMART, la risposta ne richiede {requested}; prima accredita minuti o rispondi consentendo lo scoperto"
        ),
        Error::IdempotencyKeyReused { ticket } => {
            let which = ticket.map_or_else(String::new, |n| format!(", per il ticket {n},"));
            format!("questa Idempotency-Key è già stata usata{which} con una richiesta diversa")
        }
        Error::NotFound(m) => match m {
            Missing::Ticket(n) => format!("ticket {n} non trovato"),
            Missing::Attachment { ticket, id } => {
                format!("allegato {id} del ticket {ticket} non trovato")
            }
            Missing::Customer(code) => format!("cliente `{code}` non trovato"),
            Missing::Technician(acc) => format!("tecnico `{acc}` non trovato"),
            Missing::User(acc) => format!("utente `{acc}` non trovato"),
            Missing::CatalogNode if api => {
                "nessuna voce del catalogo con questo nome; vedi `lhs catalog`".into()
            }
            Missing::CatalogNode => "nessuna voce del catalogo con questo nome".into(),
            Missing::Area(s) => format!(
                "nessuna area `{s}`; le aree sono documents, news-tech, news-sales, videos, fiscal e faq"
            ),
            Missing::ContentItem { kind, id } => {
                format!("nessun elemento {id} in {}", kind.label())
            }
            Missing::ContentFile { item, file } => {
                format!("nessun file {file} nell'elemento {item}")
            }
            Missing::Course(id) => format!("nessun corso {id}"),
            Missing::Package(code) => format!(
                "nessun pacchetto `{code}` in vendita{}",
                if api { "; vedi `lhs store list`" } else { "" }
            ),
            Missing::Order(id) => format!("nessun ordine {id}"),
            Missing::Update(id) => format!("nessun aggiornamento software {id}"),
            Missing::UpdateFile { update, file } => {
                format!("nessun file {file} nell'aggiornamento {update}")
            }
            Missing::Product(p) => format!(
                "nessun prodotto `{p}` nel catalogo{}",
                if api { "; vedi `lhs catalog`" } else { "" }
            ),
            Missing::Mail(id) => format!("mail {id} non trovata"),
            Missing::Token(id) => format!("token {id} non trovato"),
            Missing::CatalogPath(path) => format!(
                "nessuna voce del catalogo `{path}`{}",
                if api { "; vedi `lhs catalog`" } else { "" }
            ),
        },
        Error::Invalid {
            reason: Reason::Rule(rule),
            ..
        }
        | Error::BadFile {
            reason: Reason::Rule(rule),
            ..
        } => non_valido(rule),
        // A refusal particular to one request keeps its English words.
        Error::Invalid {
            reason: Reason::Text(t),
            ..
        }
        | Error::BadFile {
            reason: Reason::Text(t),
            ..
        } => t.clone(),
        Error::InvertedRange { from, to } => {
            format!("`from` ({from}) è dopo `to` ({to}): scambiale, o indicane una sola")
        }
        Error::Taken(u) => match u {
            Unique::CustomerCode => "questo codice cliente è già in uso",
            Unique::Account => "questo account è già in uso",
            Unique::IdempotencyKey => "questa Idempotency-Key è in uso da un'altra richiesta",
            Unique::Other => "questo è in conflitto con dati già presenti",
        }
        .into(),
        Error::NotADevDatabase { account } => format!(
            "questo database contiene un portale che --dev non ha creato (non ha l'account di prova `{account}`); la modalità dev popola un database vuoto o riusa il proprio: ometti --dev per servirlo, o dai a --dev un altro --db"
        ),
        Error::NotEmpty => {
            "la modalità dev popola un database vuoto; questo ha già degli account".into()
        }
        Error::Store(_) => "errore interno del server; i dettagli sono nel log del server".into(),
    }
}

fn rifiuto(r: Refusal, api: bool) -> String {
    match r {
        Refusal::ReadOnly => "il tuo permesso `assistenza` è in sola lettura: chiedi all'Amministratore della tua azienda `own` o `all`".into(),
        Refusal::StaffOnly => {
            "solo il personale dell'help desk può prendere in carico i ticket o rispondere".into()
        }
        Refusal::AlreadyClosed => "il ticket è già chiuso".into(),
        Refusal::Closed => format!(
            "il ticket è chiuso: prima riaprilo{} o apri un nuovo ticket",
            if api { " (`lhs tickets reopen`)" } else { "" }
        ),
        Refusal::NotClosed(state) => format!(
            "il ticket non è chiuso (è {}): non c'è niente da riaprire",
            stato(state)
        ),
        Refusal::NotEditable(state) => format!(
            "il ticket è {}: l'help desk ci sta già lavorando, quindi non si può più modificare; aggiungi un commento",
            stato(state)
        ),
        Refusal::AlreadyYours => "il ticket è già in carico a te".into(),
        Refusal::NotTaken => {
            "il ticket è Inserito: prendilo in carico prima di rispondere".into()
        }
    }
}

/// A control character, as a message names it.
fn carattere_di_controllo(c: char) -> String {
    match c {
        '\n' | '\r' => "un a capo".into(),
        '\t' => "una tabulazione".into(),
        '\0' => "un carattere NUL (U+0000)".into(),
        c => format!("il carattere di controllo U+{:04X}", u32::from(c)),
    }
}

fn non_valido(i: &Invalid) -> String {
    match i {
        Invalid::Account(s) => format!(
            "account `{s}` non valido: usa da 2 a 64 lettere, cifre, `.`, `_` o `-`, iniziando con una lettera o una cifra (per esempio rossi.mario)"
        ),
        Invalid::CustomerCode(s) => format!(
            "codice cliente `{s}` non valido: usa da 2 a 32 lettere e cifre (per esempio C0001)"
        ),
        Invalid::Email(s) => format!("indirizzo e-mail `{s}` non valido"),
        Invalid::PasswordShort => "la password deve essere lunga almeno 8 caratteri".into(),
        Invalid::PasswordLong => "la password deve essere lunga al massimo 256 caratteri".into(),
        Invalid::PasswordLettersDigits => {
            "la password deve contenere sia lettere (A-Z) sia cifre".into()
        }
        Invalid::PasswordControl => "la password non deve contenere caratteri di controllo".into(),
        Invalid::FormatChar { field, c } => format!(
            "`{field}` contiene il carattere invisibile {}, che può mascherare ciò che il testo dice (la vera estensione di un file, per esempio); toglilo",
            crate::domain::validate::describe_format_char(*c)
        ),
        Invalid::Control { field, c } => format!(
            "`{field}` deve essere una sola riga senza caratteri di controllo; contiene {}",
            carattere_di_controllo(*c)
        ),
        Invalid::ControlInText { field, c } => format!(
            "`{field}` non deve contenere caratteri di controllo oltre agli a capo e alle tabulazioni; contiene {}",
            carattere_di_controllo(*c)
        ),
        Invalid::Empty { field } => format!("`{field}` non deve essere vuoto"),
        Invalid::TooLong { field, max } => {
            format!("`{field}` deve avere al massimo {max} caratteri")
        }
        Invalid::EdgeSpaces { field } => {
            format!("`{field}` non deve iniziare o finire con spazi")
        }
        Invalid::WebAddress { field } => format!(
            "`{field}` deve essere un indirizzo http:// o https:// di un host con nome, come https://example.com/video"
        ),
        Invalid::Range { field, min, max } => format!("`{field}` deve essere da {min} a {max}"),
        Invalid::OneOf { field, values } => format!(
            "`{field}` deve essere {}",
            crate::domain::validate::either(values, "o")
        ),
        Invalid::NothingToChange(fields) => format!(
            "niente da modificare: indica {}",
            crate::domain::validate::either(
                &fields.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>(),
                "o"
            )
        ),
        Invalid::Ids { max } => format!("indica da 1 a {max} id"),
        Invalid::AudienceCodes { max } => {
            format!("indica da 1 a {max} codici cliente in `customers`")
        }
        Invalid::PageSize { max } => format!("`limit` deve essere un numero da 1 a {max}"),
        Invalid::Cursor => "cursore non valido: passa next_cursor così come ricevuto".into(),
        Invalid::TokenLifetime => "un token vive da 1 secondo a 366 giorni".into(),
        Invalid::SectionNeedsArea => "una `section` richiede la sua `area`".into(),
        Invalid::CorrectionNeedsReason => {
            "togliere minuti a un pacchetto è una correzione: indicane il motivo".into()
        }
        Invalid::DateTimeWithZone { field } => format!(
            "`{field}` deve essere una data e ora RFC 3339 con fuso, per esempio 2026-12-01T09:00:00+01:00"
        ),
        Invalid::InFuture { field } => format!("`{field}` deve essere nel futuro"),
        Invalid::PackageCode(code) => format!(
            "codice pacchetto `{code}` non valido: usa da 2 a 32 lettere, cifre o `-`, iniziando con una lettera o una cifra"
        ),
        Invalid::Version(v) => format!(
            "versione `{v}` non valida: usa da 1 a 50 lettere, cifre, `.`, `-`, `_` o `+`, iniziando con una lettera o una cifra (per esempio 2025.1)"
        ),
        Invalid::TooManyFiles { max, update } => format!(
            "troppi file: al massimo {max} per {}",
            if *update {
                "aggiornamento"
            } else {
                "caricamento"
            }
        ),
        Invalid::DuplicateFile(name) => format!("due file si chiamano `{name}`"),
        Invalid::NoFile { update: false } => "nessun file nel caricamento".into(),
        Invalid::NoFile { update: true } => "un aggiornamento richiede almeno un file".into(),
        Invalid::File { name, problem } => file_non_valido(name, problem),
    }
}

fn file_non_valido(name: &str, problem: &FileProblem) -> String {
    match problem {
        FileProblem::TypeNotAllowed { allowed } => {
            format!("`{name}`: tipo di file non ammesso; tipi ammessi: {allowed}")
        }
        FileProblem::TooLarge { kb, limit } => {
            format!("`{name}`: {kb} KB supera il limite di {limit} per file")
        }
        FileProblem::Empty { short: true } => format!("`{name}` è vuoto"),
        FileProblem::Empty { short: false } => format!("`{name}`: il file è vuoto"),
        FileProblem::NotItsType { ext, from_content } => format!(
            "`{name}`: il contenuto non è un file {ext}{}",
            if *from_content {
                " (il tipo si controlla dal contenuto, non solo dal nome)"
            } else {
                ""
            }
        ),
        FileProblem::Name(p) => {
            let shown: String = name.escape_debug().collect();
            let why = match p {
                NameProblem::Empty => "è vuoto".to_owned(),
                NameProblem::Separator => {
                    "contiene un separatore di cartelle; invia solo il nome del file".to_owned()
                }
                NameProblem::Control => "contiene caratteri di controllo".to_owned(),
                NameProblem::Hidden(c) => format!(
                    "contiene il carattere invisibile {}, che può mascherare il vero tipo del file",
                    crate::domain::validate::describe_format_char(*c)
                ),
                NameProblem::NotPortable(c) => {
                    format!("`{c}` non è ammesso nei nomi di file su tutti i sistemi")
                }
                NameProblem::LeadingDot => {
                    "un nome che inizia con un punto diventerebbe un file nascosto una volta scaricato"
                        .to_owned()
                }
                NameProblem::EdgeSpaceOrDot => {
                    "inizia o finisce con uno spazio, o finisce con un punto".to_owned()
                }
                NameProblem::TooLong { max } => format!("è più lungo di {max} byte"),
            };
            format!("nome di file \"{shown}\" rifiutato: {why}")
        }
    }
}

/// Quel che il livello HTTP rifiuta da sé.
pub fn http(h: super::Http<'_>) -> String {
    use super::{Expected, Http};
    let what = |part: Option<&str>| {
        part.map_or_else(
            || "il corpo della richiesta".to_owned(),
            |p| format!("la parte `{p}`"),
        )
    };
    let expected = |e: Expected<'_>| match e {
        Expected::WholeNumber => "un numero intero".to_owned(),
        Expected::TrueOrFalse => "true o false".to_owned(),
        Expected::Utf8 => "testo UTF-8".to_owned(),
        Expected::Valid => "un valore valido".to_owned(),
        Expected::Said(s) => s.to_owned(),
    };
    match h {
        Http::MethodNotAllowed => "metodo non consentito su questo endpoint".into(),
        Http::ContentType(t) => format!("serve `Content-Type: {t}`"),
        Http::BodyTooLarge => "corpo della richiesta troppo grande".into(),
        Http::UploadTooLarge { files } => format!(
            "corpo della richiesta troppo grande: al massimo {files} allegati da 1000 KB ciascuno per invio"
        ),
        Http::UnreadableBody => "impossibile leggere il corpo della richiesta".into(),
        Http::Empty { part } => format!("{} è vuoto: serve un oggetto JSON", what(part)),
        Http::NotAnObject { part } => format!("{} deve essere un oggetto JSON", what(part)),
        Http::MalformedJson { part, detail } => match part {
            None => format!("JSON non valido nel corpo della richiesta: {detail}"),
            Some(p) => format!("JSON non valido nella parte `{p}`: {detail}"),
        },
        Http::BadValue {
            field: Some(f),
            detail,
            ..
        } => format!("`{f}`: {detail}"),
        Http::BadValue {
            field: None,
            part,
            detail,
        } => format!("{} non è valido: {detail}", what(part)),
        Http::PathValue {
            field: Some(f),
            expected: e,
        } => {
            format!("`{f}` non valido nel percorso: serve {}", expected(e))
        }
        Http::PathValue {
            field: None,
            expected: e,
        } => {
            format!("parametro del percorso non valido: serve {}", expected(e))
        }
        Http::Query { detail } => format!("parametri della query non validi: {detail}"),
        Http::QueryValue {
            field,
            expected: Expected::Said(s),
        } => {
            format!("`{field}` non valido: {s}")
        }
        Http::QueryValue { field, expected: e } => {
            format!("`{field}` non valido: serve {}", expected(e))
        }
        Http::NoBoundary { detail } => {
            format!("serve un corpo multipart/form-data con un boundary: {detail}")
        }
        Http::IdempotencyKey => {
            "l'intestazione Idempotency-Key deve avere da 1 a 200 caratteri ASCII visibili".into()
        }
        Http::UploadCut { name, why } => format!("l'invio di `{name}` si è interrotto: {why}"),
        Http::NoEndpoint => "endpoint inesistente; vedi /api/v1/openapi.json".into(),
        Http::Internal => "errore interno del server; il log del server ha i dettagli".into(),
    }
}

/// I parametri di una lista di ticket rifiutati.
pub fn query(r: &crate::wire::QueryRefusal) -> String {
    use crate::wire::QueryRefusal as Q;
    match r {
        Q::UnknownState(s) => format!(
            "stato `{s}` sconosciuto; usa inserito, in_carico, risposto, chiuso (separati da virgole)"
        ),
        Q::UnknownPriority(v) => {
            format!("priorità `{v}` sconosciuta; usa normale, bloccante o priority")
        }
        Q::Limit { max } => format!("`limit` deve essere un numero da 1 a {max}"),
        Q::Cursor => "cursore non valido: passa next_cursor così come è arrivato".into(),
        Q::UnknownSort(v) => format!("ordinamento `{v}` sconosciuto; usa newest o oldest"),
        Q::UnknownParameter { name, known } => format!(
            "parametro `{name}` sconosciuto; quelli validi: {}",
            known.join(", ")
        ),
        Q::NotBoolean(name) => format!("`{name}` deve essere true o false"),
        Q::Date { name, value } => {
            format!("`{name}`: data `{value}` non valida: usa AAAA-MM-GG (es. 2024-06-18)")
        }
    }
}
