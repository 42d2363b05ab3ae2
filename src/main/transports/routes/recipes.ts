import type { Routes } from '../dispatch'

export const recipesRoutes: Routes<
  'recipes.start' | 'recipes.cancel' | 'recipes.status' | 'recipes.list' | 'recipes.export'
> = {
  'recipes.start': (s, req) => s.recipes.start(req),
  'recipes.cancel': (s, req) => s.recipes.cancel(req.recipeId),
  'recipes.status': (s, req) => s.recipes.status(req.recipeId),
  'recipes.list': (s, req) => s.recipes.list(req.corpusId),
  'recipes.export': (s, req) => s.recipes.export(req.recipeId, req.out)
}
