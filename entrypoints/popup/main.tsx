import { render } from 'preact';
render(<p>arXiv Daily</p>, document.getElementById('app')!);
