// `node --import ./test/helpers/importTrace/register.mjs …`: prints `imported <package>` on stderr
// for each npm package the program imports, so a test can see what a command loads.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
