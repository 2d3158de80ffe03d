import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { takeTokenFromLocation } from './lib/invoke';

// Take the browser-mode token out of the address bar before the router reads the hash.
if (!window.spotDesk) takeTokenFromLocation();

mount(App, { target: document.getElementById('app')! });
