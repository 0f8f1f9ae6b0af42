// Swedish ways of writing dates and clock times that the UI formats itself ("3 mars 2024", "15.00").

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

/** "2024-03-01" as "1 mars 2024". */
export function swedishDate(isoDate) {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** A stored clock time "15:00" in Swedish notation, "15.00". */
export function toSwedishClock(value) {
  return String(value ?? '').replace(':', '.');
}
