// A small horizontal bar chart drawn as inline SVG with DOM APIs (no chart library, no HTML strings).

const SVG_NS = 'http://www.w3.org/2000/svg';

function svgEl(tag, attributes = {}, text = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== null) node.textContent = String(text);
  return node;
}

/**
 * Draws `rows` ({ label, count }) as labelled horizontal bars. The chart is an image for screen
 * readers with a title and a description listing every value, so nothing is only visual.
 */
export function barChart({ id, title, rows, width = 420 }) {
  const rowHeight = 44;
  const barHeight = 16;
  const countSpace = 40;
  const height = Math.max(rows.length, 1) * rowHeight;
  const max = Math.max(1, ...rows.map((row) => row.count));
  const svg = svgEl('svg', {
    class: 'bar-chart',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-labelledby': `${id}-title ${id}-desc`,
  });
  svg.append(
    svgEl('title', { id: `${id}-title` }, title),
    svgEl('desc', { id: `${id}-desc` }, rows.map((row) => `${row.label}: ${row.count}`).join(', ')),
  );
  rows.forEach((row, index) => {
    const top = index * rowHeight;
    const barWidth = Math.max(2, Math.round(((width - countSpace) * row.count) / max));
    const group = svgEl('g', { class: 'bar-chart-row', 'aria-hidden': 'true' });
    group.append(
      svgEl('text', { x: 0, y: top + 14, class: 'bar-chart-label' }, row.label),
      svgEl('rect', { x: 0, y: top + 20, width: barWidth, height: barHeight, rx: 3, class: 'bar-chart-bar' }),
      svgEl('text', { x: barWidth + 6, y: top + 33, class: 'bar-chart-count' }, row.count),
    );
    svg.append(group);
  });
  return svg;
}
