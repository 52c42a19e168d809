export function AdminPage({ url: _url }: { url: URL }) {
  return (
    <section>
      <h1>Back office</h1>
    </section>
  );
}
