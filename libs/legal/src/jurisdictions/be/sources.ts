/** Legal sources of the Belgian rules (legal-rules.md). */
export const CEL_XIX = 'CEL Book XIX "Debts of the consumer", Title 1 (Law of 4 May 2023, in force 1 Dec 2023)';
export const CEL_XIX_T2 = 'CEL Book XIX, Title 2 (amicable collection; carries over the Law of 20 Dec 2002)';
export const LAW_2002 = 'Law of 2 August 2002 on late payment in commercial transactions';
export const JUDICIAL_CODE_53BIS = 'Judicial Code art. 53bis (counting, Choice)';
export const BE_ALLOCATION = { rule: 'BE-X-1', source: 'Civil Code (old art. 1254; new Book 5 art. 5.211) — costs, interest, principal' };
