import { runElectronShell } from './electron/electronShell';

void runElectronShell();
