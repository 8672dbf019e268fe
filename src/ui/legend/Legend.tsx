// The legend: every colour of the map and the graph, with a sentence each.
// PLACEHOLDER: implemented by the graph/legend work.
export function Legend() {
  return <div data-testid="legend" />;
}
