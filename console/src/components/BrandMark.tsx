/** The switchboard mark: a plug and two sockets. */
export function BrandMark() {
  return (
    <svg className="brand__mark" viewBox="0 0 16 16" aria-hidden="true">
      <rect width="16" height="16" rx="3" />
      <circle cx="5" cy="8" r="2" />
      <circle cx="11" cy="4.8" r="1.6" />
      <circle cx="11" cy="11.2" r="1.6" />
    </svg>
  );
}
