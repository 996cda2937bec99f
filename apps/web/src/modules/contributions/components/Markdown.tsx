import ReactMarkdown from 'react-markdown';
import classes from './contributions.module.css';

/** Markdown written by focal points, rendered without raw HTML (react-markdown escapes it). */
export function Markdown({ children, testId }: { children: string; testId?: string }) {
  return (
    <div className={classes.markdown} dir="auto" data-testid={testId}>
      <ReactMarkdown skipHtml>{children}</ReactMarkdown>
    </div>
  );
}
