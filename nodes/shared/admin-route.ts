// What every admin route of the pack shares. A browser lets any web page send a form post (or a
// text/plain body) to the editor's origin without asking, and with no adminAuth nothing else stops
// it; a JSON body needs a CORS preflight the editor never grants. So a route with a body takes JSON
// only, as Node-RED's own /flows does.
import type { NextFunction, Request, Response } from 'express';

/** Refuses any request that carries a body other than JSON with 415, before the route runs. */
export function jsonOnly(req: Request, res: Response, next: NextFunction): void {
  const type = req.headers['content-type'];
  if (type !== undefined && type !== '' && !req.is('application/json')) {
    res.status(415).json({ error: 'this route takes application/json only' });
    return;
  }
  next();
}
