import { render } from 'preact';
import { Shell } from './shell.tsx';
import './styles.css';

render(<Shell />, document.getElementById('app') as HTMLElement);
