export { createQuestionsService, type QuestionsService } from './service.js';
export { registerQuestionsRoutes } from './routes.js';
export { questionsExport } from './export.js';
